using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Virtualizability.Analyzer.Tests.Proving;

/// <summary>
/// isa-specs/x86-32-vtx.yaml against the SDM's table of VM exits (TestData/vmx-exits.yaml, written apart from
/// the spec): each instruction runs on the concrete machine in non-root operation at CPL 0, on seeded random
/// states with the guest/host masks 0, and must exit exactly when the table says, with its exit reason.
/// </summary>
public sealed class VmxExitTests
{
    private const int Samples = 200;
    private const int ExitCodeBase = 192;

    private static readonly IsaSpec Spec = SpecLoader.Load(Path.Combine(Repo.Specs, "x86-32-vtx.yaml"));
    private static readonly ConcreteMachine Machine = new(Spec);
    private static readonly YamlMappingNode Table = LoadTable();

    public static TheoryData<string> Rows(string list) => new(Entries(list).Select(e => Text(e, "instruction")));

    public static TheoryData<string> Unconditional() => Rows("unconditional");

    public static TheoryData<string> Conditional() => Rows("conditional");

    public static TheoryData<string> Unless() => Rows("unless");

    public static TheoryData<string> Never() => new(NeverList());

    [Theory]
    [MemberData(nameof(Unconditional))]
    public void ExitsWhateverTheControls(string instruction)
    {
        var row = Row("unconditional", instruction);
        foreach (var setting in new[] { false, true })
        {
            Assert.All(Runs(instruction, _ => setting), run => Assert.Equal(Reason(row), run.ExitReason));
        }
    }

    [Theory]
    [MemberData(nameof(Conditional))]
    public void ExitsExactlyUnderItsControl(string instruction)
    {
        var row = Row("conditional", instruction);
        var control = Text(row, "control");
        var only = OnlyOperand(row, instruction);
        foreach (var run in Runs(instruction, c => c == control))
        {
            var expected = only is null || run.Operands[only.Value.Operand] == only.Value.Register ? Reason(row) : (int?)null;
            Assert.True(expected == run.ExitReason, $"{instruction} with only {control} set: exit reason {run.ExitReason?.ToString() ?? "none"}, expected {expected?.ToString() ?? "none"}");
        }

        Assert.All(Runs(instruction, _ => false), run => Assert.Null(run.ExitReason));
    }

    [Theory]
    [MemberData(nameof(Unless))]
    public void ExitsUnlessTheBitmapsLetTheRegisterThrough(string instruction)
    {
        var row = Row("unless", instruction);
        var control = Text(row, "control");
        var through = ((YamlSequenceNode)row.Children[new YamlScalarNode("through")]).Children
            .Select(n => Convert.ToUInt64(((YamlScalarNode)n).Value, 16)).ToHashSet();
        var ecx = Spec.FindRegister("ECX")!.Index;
        Assert.All(Runs(instruction, _ => false), run => Assert.Equal(Reason(row), run.ExitReason));
        foreach (var msr in through.Append(0x10UL).Append(0xC000_0080UL))
        {
            Assert.All(Runs(instruction, c => c == control, state => state.Registers[ecx] = msr),
                run => Assert.Equal(through.Contains(msr) ? null : Reason(row), run.ExitReason));
        }
    }

    [Theory]
    [MemberData(nameof(Never))]
    public void NeverExits(string instruction)
    {
        Assert.All(Runs(instruction, _ => true), run => Assert.Null(run.ExitReason));
    }

    [Fact]
    public void MovToCr0ExitsOnAnOwnedBitThatDiffersFromTheShadow()
    {
        var mov = Spec.FindInstruction("MOV_CR_r32")!;
        var state = NonRootState(new RandomStates(Spec, 7), _ => false);
        Set(state, "CR0_GUEST_HOST_MASK", 0x8);
        Set(state, "CR0_READ_SHADOW", 0x8);
        Set(state, "EAX", 0x0);
        var cr0 = (ulong)mov.Operands[0].Registers.IndexOf(Spec.FindRegister("CR0")!.Index);

        Assert.Equal(28, ExitReason(Machine.Step(state, mov, [cr0, 0])));
        Set(state, "EAX", 0x8);
        Assert.Null(ExitReason(Machine.Step(state, mov, [cr0, 0])));
    }

    [Fact]
    public void MovFromCr0ReadsTheShadowInOwnedBits()
    {
        var mov = Spec.FindInstruction("MOV_r32_CR")!;
        var state = NonRootState(new RandomStates(Spec, 11), _ => false);
        Set(state, "CR0", 0x8000_0011);
        Set(state, "CR0_GUEST_HOST_MASK", 0x8000_0000);
        Set(state, "CR0_READ_SHADOW", 0x0);
        var cr0 = (ulong)mov.Operands[1].Registers.IndexOf(Spec.FindRegister("CR0")!.Index);

        Assert.Null(ExitReason(Machine.Step(state, mov, [0, cr0])));
        Assert.Equal(0x11UL, state.Registers[Spec.FindRegister("EAX")!.Index]);
    }

    [Fact]
    public void EveryRowNamesAnInstructionOfTheSpec()
    {
        var named = new[] { "unconditional", "conditional", "unless" }.SelectMany(l => Entries(l).Select(e => Text(e, "instruction")))
            .Concat(NeverList());
        Assert.All(named, name => Assert.NotNull(Spec.FindInstruction(name)));
    }

    private static IEnumerable<string> NeverList() =>
        ((YamlSequenceNode)Table.Children[new YamlScalarNode("never")]).Children.Select(n => ((YamlScalarNode)n).Value!);

    private sealed record Run(ulong[] Operands, int? ExitReason);

    private static IEnumerable<Run> Runs(string name, Func<string, bool> controlSet, Action<MachineState>? adjust = null)
    {
        var instruction = Spec.FindInstruction(name)!;
        var random = new RandomStates(Spec, StableSeed.Of(name));
        for (var i = 0; i < Samples; i++)
        {
            var state = NonRootState(random, controlSet);
            adjust?.Invoke(state);
            var operands = random.NextOperands(instruction);
            yield return new Run(operands, ExitReason(Machine.Step(state, instruction, operands)));
        }
    }

    // Non-root operation at CPL 0 with the given controls, masks 0: only a VM exit or a fault of the
    // instruction's own (a descriptor check) can stop it, and a fault is not an exit.
    private static MachineState NonRootState(RandomStates random, Func<string, bool> controlSet)
    {
        var state = random.NextState();
        foreach (var control in Spec.Vmm.Embedding.Controls)
        {
            var bit = 1UL << control.Bit;
            state.Registers[control.Register] = controlSet(control.Name) ? state.Registers[control.Register] | bit : state.Registers[control.Register] & ~bit;
        }

        Set(state, "VMX_NONROOT", 1);
        Set(state, "CPL", 0);
        Set(state, "CR0_GUEST_HOST_MASK", 0);
        Set(state, "CR4_GUEST_HOST_MASK", 0);
        state.Registers[Spec.FindRegister("CS")!.Index] &= ~3UL;
        state.Registers[Spec.FindRegister("SS")!.Index] &= ~3UL;
        return state;
    }

    private static int? ExitReason(StepResult result) =>
        result.Trap is { } kind && Spec.Traps[kind].Code >= ExitCodeBase ? Spec.Traps[kind].Code - ExitCodeBase : null;

    private static void Set(MachineState state, string register, ulong value) => state.Registers[Spec.FindRegister(register)!.Index] = value;

    private static (int Operand, ulong Register)? OnlyOperand(YamlMappingNode row, string instruction)
    {
        if (!row.Children.TryGetValue(new YamlScalarNode("when_operand"), out var node))
        {
            return null;
        }

        var (name, register) = ((YamlMappingNode)node).Children.Select(p => (((YamlScalarNode)p.Key).Value!, ((YamlScalarNode)p.Value).Value!)).Single();
        var operand = Spec.FindInstruction(instruction)!.Operands.Single(o => o.Name == name);
        return (operand.Index, (ulong)operand.Registers.IndexOf(Spec.FindRegister(register)!.Index));
    }

    private static int Reason(YamlMappingNode row) => int.Parse(Text(row, "reason"), System.Globalization.CultureInfo.InvariantCulture);

    private static YamlMappingNode Row(string list, string instruction) => Entries(list).Single(e => Text(e, "instruction") == instruction);

    private static IEnumerable<YamlMappingNode> Entries(string list) =>
        ((YamlSequenceNode)Table.Children[new YamlScalarNode(list)]).Children.Cast<YamlMappingNode>();

    private static string Text(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static YamlMappingNode LoadTable()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Repo.TestData, "vmx-exits.yaml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
