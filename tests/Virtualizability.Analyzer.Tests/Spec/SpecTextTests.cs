using System.Text;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Spec;

/// <summary>
/// A spec is UTF-8 text: a byte that is not UTF-8, or a NUL, is an error at its own line and column (never a
/// replacement character); a byte-order mark and CRLF line ends are accepted and change no position.
/// </summary>
public sealed class SpecTextTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("virt-text-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, byte[], string, string> BadBytes() => new()
    {
        { "isa: ab", [0xFF], "1:8", "byte 0xFF, which is not valid UTF-8" },
        { "isa: ab\nstate: x", [0xC0, 0x80], "2:9", "byte 0xC0, which is not valid UTF-8" },
        { "isa: ab\n# é and ü\n# ", [0xED, 0xA0, 0x80], "3:3", "byte 0xED, which is not valid UTF-8" },
        { "isa: ab\n# é and ü ", [0x80], "2:11", "byte 0x80, which is not valid UTF-8" },
        { "isa: ab\n# 😀", [0xFE], "2:5", "byte 0xFE, which is not valid UTF-8" },
        { "isa: ab\r\nx", [0xE2, 0x82], "2:2", "a UTF-8 sequence cut off by the end of the file" },
        { "isa: ab\n  ", [0x00], "2:3", "NUL character" },
        { "", [0x00, 0x00], "1:1", "NUL character" },
    };

    [Theory]
    [MemberData(nameof(BadBytes))]
    public void ABadByteIsAnErrorAtItsPosition(string before, byte[] bad, string position, string message)
    {
        var path = Write("bad.yaml", [.. Encoding.UTF8.GetBytes(before), .. bad]);

        Assert.False(SpecLoader.TryLoad(path, out _, out var errors));

        var error = Assert.Single(errors);
        Assert.Equal($"{path}:{position}", $"{error.Location.File}:{error.Location.Line}:{error.Location.Column}");
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void AByteOrderMarkAndCrlfLineEndsAreAccepted(bool byteOrderMark, bool crlf)
    {
        var original = File.ReadAllBytes(Path.Combine(Repo.Specs, "pg74.yaml"));
        var path = Write("pg74.yaml", Variant(original, byteOrderMark, crlf));

        Assert.True(SpecLoader.TryLoad(path, out var spec, out var errors), string.Join("\n", errors));

        Assert.Equal(SpecLoader.Load(Path.Combine(Repo.Specs, "pg74.yaml")).Instructions.Length, spec!.Instructions.Length);
    }

    [Theory]
    [InlineData("width-mismatch-operator.yaml")]
    [InlineData("unknown-top-level-key.yaml")]
    [InlineData("bad-expression.yaml")]
    public void ABomAndCrlfLineEndsMoveNoErrorPosition(string broken)
    {
        var original = Path.Combine(Repo.TestData, "broken", broken);
        var variant = Write(broken, Variant(File.ReadAllBytes(original), byteOrderMark: true, crlf: true));

        SpecLoader.TryLoad(original, out _, out var expected);
        SpecLoader.TryLoad(variant, out _, out var actual);

        Assert.NotEmpty(expected);
        Assert.Equal(
            expected.Select(e => (e.Location.Line, e.Location.Column, e.Message)),
            actual.Select(e => (e.Location.Line, e.Location.Column, e.Message)));
    }

    private static byte[] Variant(byte[] original, bool byteOrderMark, bool crlf)
    {
        var text = Encoding.UTF8.GetString(original);
        var body = Encoding.UTF8.GetBytes(crlf ? text.Replace("\n", "\r\n", StringComparison.Ordinal) : text);
        return byteOrderMark ? [0xEF, 0xBB, 0xBF, .. body] : body;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
