using Virtualizability.Analyzer.Concrete;

namespace Virtualizability.Analyzer.Running;

/// <summary>A run of decoded instructions entered at its first; it ends after an instruction that may write the PC.</summary>
public sealed class DecodedBlock(ulong start, DecodedInstruction[] instructions)
{
    public ulong Start { get; } = start;

    public DecodedInstruction[] Instructions { get; } = instructions;

    /// <summary>False once a write to its bytes dropped it from the cache.</summary>
    public bool Valid { get; internal set; } = true;

    /// <summary>The block control went to last time (a one-entry link that saves a lookup on loops).</summary>
    internal DecodedBlock? Successor { get; set; }
}

/// <summary>
/// Decoded blocks by start address. Instructions are decoded the first time control reaches them; a block
/// ends after an instruction whose body may write the PC, or after <see cref="MaxLength"/> instructions, or
/// before an address that does not decode. When the program is machine code in memory, the pages the
/// blocks were decoded from are watched, and a write to one drops every block on it (self-modifying code
/// runs as written); <see cref="Generation"/> counts such drops, so a block being run can notice.
/// </summary>
public sealed class BlockCache
{
    public const int MaxLength = 64;

    private readonly IProgramDecoder _decoder;
    private readonly MachineState _state;
    private readonly bool[] _endsBlock;
    private readonly Dictionary<ulong, DecodedBlock> _blocks = new();
    private readonly Dictionary<ulong, List<DecodedBlock>> _byPage = new();

    public BlockCache(IProgramDecoder decoder, MachineState state, bool[] endsBlock)
    {
        (_decoder, _state, _endsBlock) = (decoder, state, endsBlock);
        if (decoder.ReadsMemory && state.Memory is { } memory)
        {
            memory.WatchedPageWritten = Invalidate;
        }
    }

    public int Generation { get; private set; }

    public int BlocksDecoded { get; private set; }

    public int BlocksInvalidated { get; private set; }

    /// <summary>Applied to every block when it is first decoded (a patching VMM's scan); the result is what is cached and run.</summary>
    public Func<DecodedInstruction[], DecodedInstruction[]>? Translate { get; set; }

    /// <summary>The block starting at <paramref name="pc"/>, decoded now if need be; null with a message when nothing decodes there.</summary>
    public DecodedBlock? Get(ulong pc, out string? error)
    {
        error = null;
        if (_blocks.TryGetValue(pc, out var block))
        {
            return block;
        }

        var instructions = new List<DecodedInstruction>();
        var address = pc;
        while (instructions.Count < MaxLength)
        {
            var next = _decoder.Decode(_state, address, out var message);
            if (next is null)
            {
                if (instructions.Count == 0)
                {
                    error = message;
                    return null;
                }

                break;
            }

            instructions.Add(next);
            if (_endsBlock[next.Id])
            {
                break;
            }

            address = next.NextPc;
        }

        block = new DecodedBlock(pc, Translate is { } translate ? translate([.. instructions]) : [.. instructions]);
        _blocks[pc] = block;
        BlocksDecoded++;
        Watch(block);
        return block;
    }

    private void Watch(DecodedBlock block)
    {
        if (!_decoder.ReadsMemory || _state.Memory is not { } memory)
        {
            return;
        }

        foreach (var instruction in block.Instructions)
        {
            for (var page = instruction.Address >> SparseMemory.PageBits; page <= (instruction.Address + (ulong)instruction.Length - 1) >> SparseMemory.PageBits; page++)
            {
                if (!_byPage.TryGetValue(page, out var list))
                {
                    _byPage[page] = list = [];
                    memory.Watch(page << SparseMemory.PageBits);
                }

                if (list.Count == 0 || list[^1] != block)
                {
                    list.Add(block);
                }
            }
        }
    }

    private void Invalidate(ulong address)
    {
        var page = address >> SparseMemory.PageBits;
        if (!_byPage.Remove(page, out var blocks))
        {
            return;
        }

        _state.Memory!.Unwatch(address);
        foreach (var block in blocks.Where(b => b.Valid))
        {
            block.Valid = false;
            _blocks.Remove(block.Start);
            BlocksInvalidated++;
        }

        Generation++;
    }
}
