using System.Collections.Immutable;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Running;
using Virtualizability.Analyzer.Scanning;
using Virtualizability.Analyzer.X86;

namespace Virtualizability.Checker.Vmm;

/// <summary>
/// A guest patched ahead of time (<c>virt patch</c>): each critical instruction is INT3 padded to its
/// length, and the side table keeps the original bytes by address. Where the guest's code still holds the
/// INT3 the table names, fetching there traps to the VMM (<see cref="ProgramRunner.PatchTrap"/>) with the
/// original instruction, decoded from the table, so the dispatcher emulates what stood there and the PC
/// moves past the whole padding. Bytes the guest has since overwritten run as written.
/// </summary>
internal sealed class StaticPatches(X86Program program, ImmutableDictionary<ulong, ImmutableArray<byte>> originals) : IProgramDecoder
{
    public bool ReadsMemory => true;

    public static IProgramDecoder Around(IProgramDecoder program, ImmutableDictionary<ulong, ImmutableArray<byte>> originals) =>
        originals.IsEmpty ? program
        : program is X86Program x86 ? new StaticPatches(x86, originals)
        : throw new ArgumentException("a patch table applies to x86 machine code only");

    public DecodedInstruction? Decode(MachineState state, ulong address, out string? error)
    {
        if (originals.TryGetValue(address, out var original) && state.Memory![address] == Patcher.Int3)
        {
            return program.Decode([.. original], address, out error)?.WithPatch();
        }

        return program.Decode(state, address, out error);
    }
}
