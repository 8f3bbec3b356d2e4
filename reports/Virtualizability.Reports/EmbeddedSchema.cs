namespace Virtualizability.Reports;

/// <summary>Reads a JSON Schema shipped inside this assembly, so a consumer can get it from the tool.</summary>
internal static class EmbeddedSchema
{
    public static string Read(string file)
    {
        using var stream = typeof(EmbeddedSchema).Assembly.GetManifestResourceStream($"Virtualizability.Reports.{file}")
            ?? throw new InvalidOperationException($"{file} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
