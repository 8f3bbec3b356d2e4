using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Analyzer.Spec;

/// <summary>Loads and checks an ISA description. Never writes to the spec.</summary>
public static class SpecLoader
{
    public static bool TryLoad(string path, out IsaSpec? spec, out IReadOnlyList<Diagnostic> errors)
    {
        var diagnostics = new DiagnosticBag();
        spec = RawSpecReader.Read(path, diagnostics) is { } raw && !diagnostics.HasErrors
            ? SpecBuilder.Build(raw, diagnostics)
            : null;
        if (spec is not null)
        {
            ModeChecks.Check(spec, diagnostics);
        }

        errors = diagnostics.Sorted();
        if (errors.Count > 0)
        {
            spec = null;
        }

        return spec is not null;
    }

    public static IsaSpec Load(string path) =>
        TryLoad(path, out var spec, out var errors) ? spec! : throw new SpecException(errors);
}
