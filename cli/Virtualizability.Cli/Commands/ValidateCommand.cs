using System.CommandLine;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Cli.Commands;

/// <summary>`virt validate FILE...`: a one-screen summary of each spec, or every error in it; "-" reads standard input.</summary>
internal static class ValidateCommand
{
    public const string StandardInputName = "<stdin>";

    public static Command Create(CommandIo io)
    {
        var files = new Argument<string[]>("FILE") { Description = "the ISA descriptions (YAML) to check; - reads one from standard input", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check ISA descriptions and summarize them") { files };
        command.SetAction(parse =>
        {
            var all = parse.GetValue(files)!;
            var failed = all.Count(file => !Validate(file, io, io.Input));
            if (all.Length > 1)
            {
                io.Output.WriteLine($"{all.Length - failed} of {all.Length} specs valid");
            }

            return failed == 0 ? ExitCodes.Success : ExitCodes.BadInput;
        });
        return command;
    }

    private static bool Validate(string file, CommandIo io, TextReader input)
    {
        if (file == "-")
        {
            return ValidateStandardInput(io, input);
        }

        if (AnalysisRun.Load(file, io.Error) is not { } spec)
        {
            return false;
        }

        SpecSummary.Write(spec, spec.File, io.Output);
        return true;
    }

    // The loader reads files; standard input goes through a private temporary file whose name never appears
    // in a message. An extends: path in it resolves against that file's folder, so only absolute ones work.
    private static bool ValidateStandardInput(CommandIo io, TextReader input)
    {
        var folder = Directory.CreateTempSubdirectory("virt-stdin-");
        var path = Path.Combine(folder.FullName, "stdin.yaml");
        try
        {
            File.WriteAllText(path, input.ReadToEnd());
            if (SpecLoader.TryLoad(path, out var spec, out var errors))
            {
                SpecSummary.Write(spec!, StandardInputName, io.Output);
                return true;
            }

            SpecErrors.Write(errors.Select(d => d.Location.File == path ? d with { Location = d.Location with { File = StandardInputName } } : d).ToList(), io.Error);
            return false;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
