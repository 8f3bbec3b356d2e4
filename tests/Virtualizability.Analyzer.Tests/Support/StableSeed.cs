namespace Virtualizability.Analyzer.Tests.Support;

/// <summary>string.GetHashCode differs per process; seeds must not, so that a failure can be rerun.</summary>
public static class StableSeed
{
    public static int Of(params string[] parts)
    {
        var hash = 17;
        foreach (var c in string.Join("/", parts))
        {
            hash = unchecked(hash * 31 + c);
        }

        return hash;
    }
}
