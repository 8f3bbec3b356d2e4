using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Cli.Commands;

internal static class SpecErrors
{
    public static void Write(IReadOnlyList<Diagnostic> errors, TextWriter error)
    {
        foreach (var diagnostic in errors)
        {
            error.WriteLine(diagnostic);
        }

        error.WriteLine(errors.Count == 1 ? "1 error" : $"{errors.Count} errors");
    }
}
