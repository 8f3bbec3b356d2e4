using Iced.Intel;

namespace Virtualizability.Guests;

/// <summary>
/// The memory image of an x86-32 guest, loaded at <see cref="Origin"/>: its code (assembled with Iced's
/// assembler) and a small kernel's tables after it. The layout every guest shares:
/// <list type="bullet">
/// <item>0x1000 code; 0x1800 the timer handler (when there is one)</item>
/// <item>0x2000 GDT: 0x08 ring-0 code, 0x10 ring-0 data, 0x18 ring-3 code, 0x20 ring-3 data, 0x28 the TSS (flat, 4 GiB); 0x2030 a pseudo-descriptor of it for LGDT</item>
/// <item>0x2800 TSS (ESP0 = 0x9000, SS0 = 0x10); 0x3000 IDT (256 gates; the manifest's IDTR names it)</item>
/// <item>0x5000 data; 0x6000 the output text (the manifest's output:); stacks below 0x9000 (ring 0) and 0x8000 (ring 3)</item>
/// </list>
/// </summary>
internal sealed class GuestImage
{
    public const ulong Origin = 0x1000;
    public const ulong TimerHandler = 0x1800;
    public const ulong Gdt = 0x2000;
    public const ulong GdtPointer = 0x2030;
    public const ulong Tss = 0x2800;
    public const ulong Idt = 0x3000;
    public const ulong Data = 0x5000;
    public const ulong Output = 0x6000;
    public const ulong KernelStack = 0x9000;
    public const int TimerVector = 0x20;

    private readonly byte[] _image = new byte[0x3800];

    public GuestImage()
    {
        Descriptor(0x08, 0x00CF_9A00_0000_FFFF);
        Descriptor(0x10, 0x00CF_9200_0000_FFFF);
        Descriptor(0x18, 0x00CF_FA00_0000_FFFF);
        Descriptor(0x20, 0x00CF_F200_0000_FFFF);
        // An available 32-bit TSS (type 9, present, DPL 0) at Tss, limit 0x67.
        Descriptor(0x28, ((Tss >> 24) << 56) | (0x0089UL << 40) | ((Tss & 0xFF_FFFF) << 16) | 0x67);
        Put(GdtPointer, 0x2F, 2);
        Put(GdtPointer + 2, Gdt, 4);
        Put(Tss + 4, KernelStack, 4);
        Put(Tss + 8, 0x10, 2);
    }

    /// <summary>Assembles code at <paramref name="address"/> into the image.</summary>
    public GuestImage Code(ulong address, Action<Assembler> write)
    {
        var assembler = new Assembler(32);
        write(assembler);
        var stream = new MemoryStream();
        assembler.Assemble(new StreamCodeWriter(stream), address);
        stream.ToArray().CopyTo(_image, (int)(address - Origin));
        return this;
    }

    /// <summary>An interrupt gate for <paramref name="vector"/> to ring-0 code at <paramref name="handler"/>.</summary>
    public GuestImage Gate(int vector, ulong handler)
    {
        Put(Idt + (ulong)vector * 8, ((handler >> 16) << 48) | (0x8E00UL << 32) | (0x08UL << 16) | (handler & 0xFFFF), 8);
        return this;
    }

    public byte[] Bytes() => (byte[])_image.Clone();

    private void Descriptor(int selector, ulong value) => Put(Gdt + (ulong)selector, value, 8);

    private void Put(ulong address, ulong value, int bytes)
    {
        for (var i = 0; i < bytes; i++)
        {
            _image[address - Origin + (ulong)i] = (byte)(value >> (8 * i));
        }
    }
}
