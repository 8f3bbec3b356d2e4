using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Classification;

/// <summary>
/// Theorem 3 asks "privileged" for the mode that runs virtual user code (vmm.guest_user_mode), not for the
/// mode that runs virtual supervisor code; and relocated memories are compared through the pre-state R.
/// </summary>
public sealed class TheoremModeTests
{
    /// <summary>An x86 whose RDTSC traps only at CPL 3: it runs in ring 1, but a hybrid VMM runs user code in ring 3.</summary>
    [Fact]
    public void AnInstructionThatTrapsOnlyInTheGuestUserModeIsNoTheorem3Culprit()
    {
        var original = File.ReadAllText(Path.Combine(Repo.Specs, "x86-32.yaml"));
        var check = "if CR4.TSD == 1 && CPL != 0 { trap GP; }\n      EDX := TSC[63:32];";
        Assert.Contains(check, original);
        var directory = Directory.CreateTempSubdirectory("virt-rdtsc-");
        try
        {
            var path = Path.Combine(directory.FullName, "x86-32-rdtsc-cpl3.yaml");
            File.WriteAllText(path, original.Replace(check, check.Replace("CPL != 0", "CPL == 3")));
            var spec = SpecLoader.Load(path);
            var rdtscOnly = spec with { Instructions = spec.Instructions.Where(i => i.Name == "RDTSC").ToImmutableArray() };

            var result = SpecClassifier.Classify(rdtscOnly, new ClassifierOptions("ring1", Jobs: 1));

            var rdtsc = result.Instructions.Single();
            Assert.Equal(("ring1", "ring3"), (result.GuestSupervisorMode, result.GuestUserMode));
            Assert.Equal(Answer.No, rdtsc.Privileged.Answer);
            Assert.Equal(Answer.Yes, rdtsc.PrivilegedInGuestUser.Answer);
            Assert.Equal(Answer.Yes, rdtsc.UserSensitive.Answer);
            var theorem3 = result.Theorems.Single(t => t.Theorem == "Theorem 3");
            Assert.True(theorem3.Holds == Answer.Yes, $"{theorem3.Explanation}: {string.Join(", ", theorem3.Culprits)}");
            Assert.Contains(rdtsc.AllProperties, p => p.Property == "privileged-in-guest-user");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void WhenBothGuestModesAreOneThePrivilegedQuestionIsAskedOnce()
    {
        var result = Classifications.Of("x86-32.yaml", "ring3");

        Assert.All(result.Instructions, i => Assert.Same(i.Privileged, i.PrivilegedInGuestUser));
        Assert.All(result.Instructions, i => Assert.DoesNotContain(i.AllProperties, p => p.Property == "privileged-in-guest-user"));
    }

    /// <summary>
    /// P&amp;G compare e₁|r with e₂|r⊕x: the memories through the relocation of the pre-states. SETR and LPSW
    /// move R but change no storage, so they are not location-sensitive; LRA reveals l, so it is.
    /// </summary>
    [Theory]
    [InlineData("SETR", Answer.No)]
    [InlineData("LPSW", Answer.No)]
    [InlineData("LRA", Answer.Yes)]
    public void LocationSensitivityComparesMemoryThroughThePreStateRelocation(string instruction, Answer expected)
    {
        var result = Classifications.Of("pg74.yaml");

        var location = result.Instructions.Single(i => i.Name == instruction).BehaviorKinds.Single(k => k.Property == "location-sensitive");
        Assert.True(location.Answer == expected, $"{instruction}: {location.Witness?.Reason ?? location.Explanation}");
    }
}
