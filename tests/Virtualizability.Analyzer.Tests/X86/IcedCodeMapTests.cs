using Iced.Intel;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;
using Virtualizability.Analyzer.X86;

namespace Virtualizability.Analyzer.Tests.X86;

/// <summary>
/// The Code → definition map built at load: an r/m Code goes to the definition of the form the decoded
/// operand has, and every claim a spec makes is what the map answers for it.
/// </summary>
public sealed class IcedCodeMapTests
{
    public static TheoryData<string> SpecsWithClaims() =>
        new(Repo.ShippedSpecs().Select(Path.GetFileName).Where(f => SpecLoader.Load(Path.Combine(Repo.Specs, f!)).CodeMap.Claims.Length > 0)!);

    [Theory]
    [MemberData(nameof(SpecsWithClaims))]
    public void EveryClaimIsWhatTheMapAnswers(string file)
    {
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, file));

        foreach (var claim in spec.CodeMap.Claims)
        {
            var forms = claim.Form == IcedForm.Whole ? new[] { IcedForm.Register, IcedForm.Memory } : [claim.Form];
            Assert.All(forms, form => Assert.Same(claim.Instruction, spec.CodeMap.Find(claim.Code, form)));
            Assert.Contains(claim.Code.ToString(), claim.Instruction.IcedCodes);
        }
    }

    [Theory]
    [InlineData("0F 00 00", "SLDT_m16")]        // sldt [eax]: the memory form of Sldt_r32m16
    [InlineData("0F 00 C0", "SLDT_r32")]        // sldt eax
    [InlineData("66 0F 00 C0", "SLDT_r16")]     // sldt ax
    [InlineData("66 0F 00 00", "SLDT_m16")]     // o16 sldt [eax]
    [InlineData("0F 02 C1", "LAR")]             // lar eax, ecx
    [InlineData("0F 02 01", "LAR_m16")]         // lar eax, [ecx]
    [InlineData("C7 C0 01 00 00 00", "MOV_r32_imm32")]   // mov eax, 1 (C7 /0)
    [InlineData("C7 00 01 00 00 00", "MOV_m32_imm32")]   // mov dword [eax], 1
    [InlineData("9C", "PUSHFD")]
    [InlineData("66 9C", "PUSHF")]
    public void DecodedInstructionsFindTheDefinitionOfTheirForm(string hex, string expected)
    {
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, "x86-32.yaml"));
        var bytes = Convert.FromHexString(hex.Replace(" ", ""));
        var decoder = Decoder.Create(32, bytes);
        decoder.Decode(out var instruction);

        Assert.Equal(expected, spec.CodeMap.Find(instruction)?.Name);
    }

    [Fact]
    public void AFormNoDefinitionClaimsIsUnclaimed()
    {
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, "x86-32.yaml"));
        var decoder = Decoder.Create(32, Convert.FromHexString("0100"));   // add [eax], eax: only the register form is claimed
        decoder.Decode(out var instruction);

        Assert.Equal(Code.Add_rm32_r32, instruction.Code);
        Assert.Null(spec.CodeMap.Find(instruction));
        Assert.Equal(IcedForm.Memory, IcedCodeMap.FormOf(instruction));
    }
}
