using Virtualizability.Guests;
using Virtualizability.Tests.Shared;

namespace Virtualizability.Checker.Tests;

/// <summary>The committed guest images are what their source assembles to (regenerate: see checker/guests/README.md).</summary>
public sealed class GuestImageTests
{
    public static TheoryData<string> Names() => [.. X86Guests.All.Select(g => g.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void TheCommittedImageIsTheAssembledSource(string name)
    {
        var image = X86Guests.All.Single(g => g.Name == name).Image();
        var committed = File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "checker", "guests", name + ".bin"));

        Assert.True(image.AsSpan().SequenceEqual(committed), $"{name}.bin differs from its source: run dotnet run --project checker/guests/generator -- checker/guests");
    }
}
