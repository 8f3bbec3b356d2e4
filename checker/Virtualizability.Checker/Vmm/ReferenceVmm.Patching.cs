using Virtualizability.Analyzer.Running;

namespace Virtualizability.Checker.Vmm;

public sealed partial class ReferenceVmm
{
    // Scan-and-patch, lazily: a block is scanned the first time control reaches it (the block cache decodes
    // it then, with Iced for x86), and each instruction of the patch set is replaced by a trap to the VMM.
    // The translated block is what the cache keeps, so it is scanned once until a write to its bytes drops it.
    private DecodedInstruction[] Scan(DecodedInstruction[] block)
    {
        Counts.BlocksScanned++;
        var patched = 0;
        for (var i = 0; i < block.Length; i++)
        {
            if (Options.PatchSet.Contains(block[i].Instruction.Name))
            {
                block[i] = block[i].WithPatch();
                patched++;
            }
        }

        if (patched > 0)
        {
            Counts.PatchedBlocks++;
            Counts.PatchedInstructions += patched;
        }

        return block;
    }
}
