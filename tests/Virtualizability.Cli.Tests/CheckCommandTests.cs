using System.Text.Json;
using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>`virt check` end to end: the acceptance commands, formats, and bad input.</summary>
public sealed class CheckCommandTests
{
    private static string Guest(string name) => Path.Combine(Repo.Root, "checker", "guests", name);

    [Fact]
    public void PopfDivergesUnderTrapAndEmulateNamingPopfAndIf()
    {
        var run = Virt.Run("check", Virt.Spec("x86-32.yaml"), "--program", Guest("popf-critical.bin"), "--vmm", "trap-and-emulate");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Matches("first divergence: .* popf: EFLAGS.IF is 0x1 on bare metal, 0x0 under the VMM", run.Output);
    }

    [Fact]
    public void PopfIsEquivalentWhenPatched()
    {
        var run = Virt.Run("check", Virt.Spec("x86-32.yaml"), "--program", Guest("popf-critical.bin"), "--vmm", "patched", "-f", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = JsonDocument.Parse(run.Output).RootElement;
        Assert.True(json.GetProperty("program").GetProperty("equivalent").GetBoolean());
        Assert.True(json.GetProperty("program").GetProperty("counts").GetProperty("patchedInstructions").GetInt64() > 0);
    }

    [Fact]
    public void RedPillSeesTheVmmUnderTrapAndEmulate()
    {
        var run = Virt.Run("check", Virt.Spec("x86-32.yaml"), "--program", Guest("red-pill.guest.yaml"), "-f", "markdown");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("| trap-and-emulate VMM | halted after 9 steps | virtual machine |", run.Output);
        Assert.Contains("| bare metal | halted after 10 steps | real machine |", run.Output);
    }

    [Fact]
    public void RedPillSeesARealMachineUnderHardwareAssistance()
    {
        var run = Virt.Run("check", Virt.Spec("x86-32-vtx.yaml"), "--program", Guest("red-pill.bin"), "--vmm", "hardware", "--controls", "HLT_EXITING,DESC_TABLE_EXITING");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("against the hardware VMM (controls: HLT_EXITING, DESC_TABLE_EXITING)", run.Output);
        Assert.Contains("VMM         halted after 10 steps; it wrote \"real machine\"", run.Output);
        Assert.Contains("VM exits 2", run.Output);
    }

    [Fact]
    public void HltWithoutHltExitingIsAControlEscape()
    {
        var run = Virt.Run("check", Virt.Spec("x86-32-vtx.yaml"), "--program", Guest("reload-loop.bin"), "--vmm", "hardware", "--controls", "CR3_LOAD_EXITING");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("control escape: RUN changed from 0x1 to 0x0", run.Output);
    }

    [Theory]
    [InlineData("x86-32.yaml", "--vmm hardware", "x86-32 declares no vmm.controls")]
    [InlineData("x86-32-vtx.yaml", "--vmm hardware --controls NOPE --random 1", "--controls: unknown control 'NOPE'")]
    [InlineData("x86-32.yaml", "--controls HLT_EXITING", "--controls applies to --vmm hardware only")]
    public void HardwareUsageErrorsAreExitTwo(string spec, string options, string message)
    {
        var run = Virt.Run(["check", Virt.Spec(spec), .. options.Split(' ')]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public void ReplayingPg74ShowsEveryDifference()
    {
        var run = Virt.Run("check", Virt.Spec("pg74.yaml"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("replays on pg74: 19 of 19", run.Output);
    }

    [Theory]
    [InlineData("--program", "no-such-guest.bin", "no such program")]
    [InlineData("--allocate", "NOPE=1", "--allocate: 'NOPE' is not a register")]
    [InlineData("--guest-mode", "ring9", "has no mode 'ring9'")]
    public void BadInputIsExitTwoWithOneLine(string option, string value, string message)
    {
        var run = Virt.Run("check", Virt.Spec("x86-32.yaml"), option, value);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }
}
