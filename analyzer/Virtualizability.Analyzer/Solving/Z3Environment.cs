using Microsoft.Z3;

namespace Virtualizability.Analyzer.Solving;

/// <summary>
/// Reports whether the native Z3 library can be used and which version is in use, so callers
/// can fail with an actionable message instead of a loader exception deep inside a proof.
/// </summary>
public static class Z3Environment
{
    private const string Unavailable = "unavailable";

    // The native library cannot change while the process runs, so one probe is enough.
    private static readonly Lazy<Probe> Result = new(Run);

    /// <summary>Checks that the native bridge loads and a <see cref="Context"/> can be created.</summary>
    /// <param name="problem">What is wrong and what to install or rebuild, when the check fails.</param>
    public static bool TryCheck(out string? problem)
    {
        problem = Result.Value.Problem;
        return problem is null;
    }

    /// <summary>Version of the libz3 actually loaded (not of the managed package), or "unavailable".</summary>
    public static string Z3Version => Result.Value.Version;

    private sealed record Probe(string Version, string? Problem);

    private static Probe Run()
    {
        try
        {
            using var context = new Context();
            return new Probe(NativeVersion(), null);
        }
        catch (Exception e) when (Explain(e) is { } problem)
        {
            return new Probe(Unavailable, problem);
        }
    }

    // Z3_get_version is answered by the loaded native library, which is what matters here.
    private static string NativeVersion() =>
        $"{Microsoft.Z3.Version.Major}.{Microsoft.Z3.Version.Minor}.{Microsoft.Z3.Version.Build}";

    private static string? Explain(Exception e) => e switch
    {
        TypeInitializationException { InnerException: { } inner } => Explain(inner),
        DllNotFoundException =>
            "libz3 not found: install it with `apt-get install libz3-4 libz3-dev gcc` and rebuild " +
            $"(the build places the Z3 bridge libz3.so next to the program). Detail: {e.Message}",
        EntryPointNotFoundException =>
            "the loaded libz3 is older than Microsoft.Z3 4.12.2 expects and the Z3 bridge (libz3.so next " +
            "to the program) is missing or stale: rebuild with `dotnet build` (needs `apt-get install gcc " +
            $"libz3-dev`). Detail: {e.Message}",
        BadImageFormatException =>
            $"the libz3 next to the program is not a usable native library: rebuild with `dotnet build`. Detail: {e.Message}",
        Z3Exception => $"Z3 loaded but could not create a context: {e.Message}",
        _ => null,
    };
}
