using System.CommandLine;
using Virtualizability.Analyzer.Scanning;
using Virtualizability.Reports.Scanning;

namespace Virtualizability.Cli.Commands;

/// <summary>`virt patch IN -o OUT --table PATCH.json`: every critical instruction replaced in place by INT3 padding.</summary>
internal static class PatchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Argument<string>("IN") { Description = "the ELF file or flat binary to patch" };
        var outFile = new Option<string>("--output", "-o") { Description = "the patched file", Required = true };
        var tableFile = new Option<string>("--table") { Description = "the side table (JSON) of patched instructions", Required = true };
        var spec = new Option<string?>("--spec") { Description = "the ISA spec to classify with (default: by bitness)" };
        var bitness = new Option<int?>("--bitness") { Description = "treat a non-ELF input as flat code of this bitness (16, 32 or 64)" };
        var baseAddress = new Option<string>("--base") { Description = "load address of a flat input", DefaultValueFactory = _ => "0" };
        var cacheDir = new Option<string?>("--cache-dir") { Description = "where analyses are cached" };
        var command = new Command("patch", "Replace the critical instructions of an x86 binary by traps of the same length") { input, outFile, tableFile, spec, bitness, baseAddress, cacheDir };
        command.SetAction(parse =>
        {
            var request = new ScanRequest([parse.GetValue(input)!], parse.GetValue(spec), parse.GetValue(bitness), parse.GetValue(baseAddress)!,
                false, null, null, null, parse.GetValue(cacheDir) ?? VerdictCache.DefaultDirectory, 0);
            return Run(request, parse.GetValue(outFile)!, parse.GetValue(tableFile)!, output, error);
        });
        return command;
    }

    private static int Run(ScanRequest request, string outFile, string tableFile, TextWriter output, TextWriter error)
    {
        if (request.Validate() is { } usage)
        {
            error.WriteLine($"virt: {usage}");
            return ExitCodes.BadInput;
        }

        if ((OutputFile.Check(outFile, "-o", request.Inputs) ?? OutputFile.Check(tableFile, "--table", request.Inputs)) is { } problem)
        {
            error.WriteLine($"virt: {problem}");
            return ExitCodes.BadInput;
        }

        if (Path.GetFullPath(outFile) == Path.GetFullPath(tableFile))
        {
            error.WriteLine("virt: -o and --table name the same file: give two files");
            return ExitCodes.BadInput;
        }

        BinaryImage image;
        try
        {
            image = BinaryScanner.Read(request.Inputs[0], new ScanOptions(request.Bitness, request.BaseAddress));
        }
        catch (BinaryFormatException e)
        {
            error.WriteLine($"virt: {e.Message}");
            return ExitCodes.BadInput;
        }

        if (ScanTables.For([image], request.Spec, request.CacheDirectory, request.WorkerCount, error) is not { } tables)
        {
            return ExitCodes.BadInput;
        }

        var scan = BinaryScanner.Scan([image], bits => tables[bits], new ScanOptions(Jobs: request.WorkerCount)).Files[0];
        var (patched, entries) = Patcher.Patch(image, scan);
        var table = PatchTableReport.Write(image.Path, image.Bytes, outFile, patched, scan.Spec, entries);
        // The table is written only after the patched file, so a table on disk always describes a file that exists.
        if (!OutputFile.Write(outFile, patched, error) || !OutputFile.Write(tableFile, table, error))
        {
            return ExitCodes.BadInput;
        }

        output.WriteLine($"{image.Path}: {entries.Length} critical instruction(s) patched into {outFile}; side table {tableFile}");
        return ExitCodes.Success;
    }
}
