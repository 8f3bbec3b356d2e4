using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Proving;

/// <summary>A shipped spec with one instruction replaced, written as a variant (extends) in a temporary folder.</summary>
internal static class EditedSpecs
{
    public static IsaSpec Load(string shipped, string isa, string replacement)
    {
        var folder = Directory.CreateTempSubdirectory("virt-prove-");
        try
        {
            var path = Path.Combine(folder.FullName, isa + ".yaml");
            var text = $"isa: {isa}\nextends: {Path.Combine(Repo.Specs, shipped)}\ninstructions:\n{replacement}";
            File.WriteAllText(path, text);
            return SpecLoader.Load(path);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public static SpecProof Prove(IsaSpec spec, VmmDesign design) => SpecProver.Prove(spec, new ProverOptions(design, Jobs: 2));
}
