using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Virtualizability.Guests;

/// <summary>
/// The x86-32 guests of checker/guests/, as assembly source for Iced's assembler. Each one's start state, timer
/// and output area are in its manifest (NAME.guest.yaml); the image layout is <see cref="GuestImage"/>'s.
/// Registers are chosen so that Iced picks the encodings the spec claims (no EAX short forms such as
/// <c>mov eax, [moffs]</c>).
/// </summary>
public static class X86Guests
{
    public static readonly IReadOnlyList<(string Name, Func<byte[]> Image)> All =
    [
        ("popf-critical", PopfCriticalSection),
        ("red-pill", RedPill),
        ("scoopy", Scoopy),
        ("reload-loop", ReloadLoop),
        ("user-loop", UserLoop),
    ];

    /// <summary>
    /// A kernel's critical section: PUSHF, CLI, update a counter, POPF — fifty times, with interrupts on and
    /// a timer handler that counts ticks. POPF restores IF by popping it, which at ring 1 it silently does not.
    /// </summary>
    public static byte[] PopfCriticalSection() => new GuestImage()
        .Code(GuestImage.Origin, a =>
        {
            var loop = a.CreateLabel();
            a.sti();
            a.mov(ecx, 50);
            a.Label(ref loop);
            a.pushf();
            a.cli();
            a.mov(edx, __dword_ptr[GuestImage.Data]);
            a.add(edx, 1);
            a.mov(__dword_ptr[GuestImage.Data], edx);
            a.popf();
            a.dec(ecx);
            a.jne(loop);
            a.hlt();
        })
        .Code(GuestImage.TimerHandler, a =>
        {
            a.push(ebx);
            a.mov(ebx, __dword_ptr[GuestImage.Data + 4]);
            a.inc(ebx);
            a.mov(__dword_ptr[GuestImage.Data + 4], ebx);
            a.pop(ebx);
            a.iretd();
        })
        .Gate(GuestImage.TimerVector, GuestImage.TimerHandler)
        .Bytes();

    /// <summary>Red Pill: SIDT, and "virtual machine" when the top byte of the IDT base is above 0xD0.</summary>
    public static byte[] RedPill() => new GuestImage()
        .Code(GuestImage.Origin, a =>
        {
            var vm = a.CreateLabel();
            a.sidt(__fword_ptr[GuestImage.Data]);
            a.mov(ebx, __dword_ptr[GuestImage.Data + 2]);
            a.cmp(ebx, unchecked((int)0xD100_0000));
            a.jae(vm);
            Verdict(a, vm);
        })
        .Bytes();

    /// <summary>ScoopyNG's checks: STR gives 0x4000 (VMware's task register) or SLDT a non-zero LDT selector.</summary>
    public static byte[] Scoopy() => new GuestImage()
        .Code(GuestImage.Origin, a =>
        {
            var vm = a.CreateLabel();
            a.str(ebx);
            a.cmp(ebx, 0x4000);
            a.je(vm);
            a.sldt(ebx);
            a.cmp(ebx, 0);
            a.jne(vm);
            Verdict(a, vm);
        })
        .Bytes();

    /// <summary>A kernel loop that reloads CR3 and the GDT a hundred times: every one of them traps under a VMM.</summary>
    public static byte[] ReloadLoop() => new GuestImage()
        .Code(GuestImage.Origin, a =>
        {
            var loop = a.CreateLabel();
            a.mov(ecx, 100);
            a.Label(ref loop);
            a.mov(ebx, cr3);
            a.add(ebx, 0x1000);
            a.mov(cr3, ebx);
            a.lgdt(__fword_ptr[GuestImage.GdtPointer]);
            a.dec(ecx);
            a.jne(loop);
            a.hlt();
        })
        .Bytes();

    /// <summary>User-mode arithmetic, forever: the manifest's step limit ends it. Nothing in it is sensitive.</summary>
    public static byte[] UserLoop() => new GuestImage()
        .Code(GuestImage.Origin, a =>
        {
            var loop = a.CreateLabel();
            a.mov(ecx, 0);
            a.mov(ebx, 1);
            a.Label(ref loop);
            a.add(ebx, ecx);
            a.xor(edx, ebx);
            a.sub(esi, 3);
            a.inc(ecx);
            a.jmp(loop);
        })
        .Bytes();

    // A detector's ending: "real machine" when it falls through, "virtual machine" from label vm; then HLT.
    private static void Verdict(Assembler a, Label vm)
    {
        var done = a.CreateLabel();
        Text(a, GuestImage.Output, "real machine");
        a.jmp(done);
        a.Label(ref vm);
        Text(a, GuestImage.Output, "virtual machine");
        a.Label(ref done);
        a.hlt();
    }

    // Stores a NUL-terminated text four bytes at a time.
    private static void Text(Assembler a, ulong address, string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text + "\0");
        Array.Resize(ref bytes, (bytes.Length + 3) / 4 * 4);
        for (var i = 0; i < bytes.Length; i += 4)
        {
            a.mov(__dword_ptr[address + (ulong)i], BitConverter.ToInt32(bytes, i));
        }
    }
}
