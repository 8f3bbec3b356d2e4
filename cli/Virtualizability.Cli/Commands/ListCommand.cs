using System.CommandLine;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Cli.Commands;

/// <summary>`virt list`: the shipped specs, one line each, and the folder they are in (next to the installed tool).</summary>
internal static class ListCommand
{
    public static Command Create(CommandIo io)
    {
        var paths = new Option<bool>("--paths") { Description = "print only each spec's full path, one a line (for scripts)" };
        var command = new Command("list", "List the shipped ISA specs and where they are") { paths };
        command.SetAction(parse =>
        {
            // The specs installed with the tool first; a build run from a clone finds the clone's.
            var installed = Path.Combine(AppContext.BaseDirectory, "isa-specs");
            if ((Directory.Exists(installed) ? installed : SpecLocator.ShippedFolder()) is not { } folder)
            {
                return io.Fail(ExitCodes.BadInput, "no isa-specs folder found next to the tool or above the current folder");
            }

            var files = Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal).ToList();
            if (parse.GetValue(paths))
            {
                files.ForEach(f => io.Output.WriteLine(Path.GetFullPath(f)));
                return ExitCodes.Success;
            }

            io.Output.WriteLine($"shipped specs in {Path.GetFullPath(folder)}:");
            var width = files.Max(f => Path.GetFileName(f).Length);
            var failed = false;
            foreach (var file in files)
            {
                io.Output.WriteLine($"  {Path.GetFileName(file).PadRight(width)}  {Describe(file, ref failed)}");
            }

            return failed ? ExitCodes.BadInput : ExitCodes.Success;
        });
        return command;
    }

    private static string Describe(string file, ref bool failed)
    {
        if (!SpecLoader.TryLoad(file, out var spec, out var errors))
        {
            failed = true;
            return $"does not load: {errors[0].Message} ({errors.Count} error(s); virt validate shows them)";
        }

        var description = spec!.Description is { Length: > 0 } d ? "  " + FirstSentence(d) : "";
        return $"{spec.Name}, {spec.Instructions.Length} instructions{description}";
    }

    private static string FirstSentence(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        var end = line.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? line[..(end + 1)] : line;
    }
}
