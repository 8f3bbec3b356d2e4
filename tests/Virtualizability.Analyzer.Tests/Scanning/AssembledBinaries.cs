using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Virtualizability.Analyzer.Tests.Scanning;

/// <summary>
/// Flat binaries assembled with Iced's assembler: each of Robin and Irvine's critical instructions in the
/// forms it has in 16-, 32- and 64-bit code (register and memory operands, each operand size). The scan
/// must find every one of them, and nothing else, as critical.
/// </summary>
internal static class AssembledBinaries
{
    public static byte[] Critical(int bitness)
    {
        var a = new Assembler(bitness);
        switch (bitness)
        {
            case 64:
                a.sgdt(__[rax]); a.sidt(__[rax]);
                a.sldt(eax); a.sldt(rax); a.sldt(ax); a.sldt(__word_ptr[rax]);
                a.str(eax); a.str(rax); a.str(ax); a.str(__word_ptr[rax]);
                a.smsw(eax); a.smsw(rax); a.smsw(ax); a.smsw(__word_ptr[rax]);
                a.pushfq(); a.popfq(); a.pushf(); a.popf();
                a.lar(rax, rcx); a.lar(eax, ecx); a.lar(eax, __[rcx]);
                a.lsl(rax, rcx); a.lsl(eax, ecx); a.lsl(eax, __[rcx]);
                a.verr(cx); a.verr(ecx); a.verr(__word_ptr[rax]); a.verw(cx); a.verw(ecx); a.verw(__word_ptr[rax]);
                a.mov(eax, cs); a.mov(rax, ss); a.mov(__word_ptr[rax], ds);
                a.iretq();
                break;
            case 32:
                a.sgdt(__[eax]); a.sidt(__[eax]);
                a.sldt(eax); a.sldt(ax); a.sldt(__word_ptr[eax]);
                a.str(eax); a.str(ax); a.str(__word_ptr[eax]);
                a.smsw(eax); a.smsw(ax); a.smsw(__word_ptr[eax]);
                a.pushfd(); a.popfd(); a.pushf(); a.popf();
                a.lar(eax, ecx); a.lar(eax, __[ecx]); a.lsl(eax, ecx); a.lsl(eax, __[ecx]);
                a.verr(cx); a.verr(__word_ptr[eax]); a.verw(cx); a.verw(__word_ptr[eax]);
                a.mov(eax, cs); a.mov(__word_ptr[eax], ss); a.push(cs);
                a.iretd();
                break;
            default:
                a.sgdt(__[bx]); a.sidt(__[bx]);
                a.sldt(ax); a.sldt(__word_ptr[bx]); a.str(ax); a.str(__word_ptr[bx]); a.smsw(ax); a.smsw(__word_ptr[bx]);
                a.pushf(); a.popf(); a.pushfd(); a.popfd();
                a.lar(eax, ecx); a.lsl(eax, ecx); a.verr(ax); a.verr(__word_ptr[bx]); a.verw(ax); a.verw(__word_ptr[bx]);
                a.mov(__word_ptr[bx], cs);
                break;
        }

        return Assemble(a);
    }

    /// <summary>Innocuous and privileged instructions only: a scan without --all-sensitive finds nothing.</summary>
    public static byte[] NoCritical(int bitness)
    {
        var a = new Assembler(bitness);
        if (bitness == 64)
        {
            a.mov(rax, rcx); a.add(rax, 8); a.hlt(); a.rdtsc(); a.swapgs(); a.ret();
        }
        else
        {
            a.mov(eax, ecx); a.add(eax, 8); a.hlt(); a.rdtsc(); a.ret();
        }

        return Assemble(a);
    }

    public static int Count(byte[] code, int bitness)
    {
        var decoder = Decoder.Create(bitness, code);
        var n = 0;
        while (decoder.IP < (ulong)code.Length)
        {
            decoder.Decode(out _);
            n++;
        }

        return n;
    }

    private static byte[] Assemble(Assembler a)
    {
        using var stream = new MemoryStream();
        a.Assemble(new StreamCodeWriter(stream), 0);
        return stream.ToArray();
    }
}
