using System.CommandLine;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Cli.Commands;

/// <summary>`virt validate FILE`: a one-screen summary of a spec, or every error in it.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("FILE") { Description = "the ISA description (YAML) to check" };
        var command = new Command("validate", "Check an ISA description and summarize it") { file };
        command.SetAction(parse =>
        {
            if (!SpecLoader.TryLoad(parse.GetValue(file)!, out var spec, out var errors))
            {
                SpecErrors.Write(errors, error);
                return ExitCodes.BadInput;
            }

            SpecSummary.Write(spec!, output);
            return ExitCodes.Success;
        });
        return command;
    }
}
