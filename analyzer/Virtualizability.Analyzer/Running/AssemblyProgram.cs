using System.Collections.Immutable;
using System.Globalization;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Running;

/// <summary>An error in an assembly text, at its line and column (1-based).</summary>
public sealed class AssemblyException(string file, int line, int column, string message)
    : Exception($"{file}:{line}:{column}: {message}");

/// <summary>
/// A program for a machine without an encoding in its spec, written in the spec's own terms, one
/// instruction a line: <c>NAME operand, operand</c>, where NAME is an instruction's name or its mnemonic
/// (when only one instruction has it), an operand is a number (decimal, 0x hex, negative), a register of
/// the operand's group, or a label. <c>label:</c> names the next address, <c>.org N</c> moves it, and
/// <c>;</c> or <c>#</c> starts a comment. Each instruction takes its spec's <c>length</c> cells (1 if none).
/// The listing is the program: fetching at an address finds the instruction placed there.
/// </summary>
public sealed class AssemblyProgram : IProgramDecoder
{
    private readonly Dictionary<ulong, DecodedInstruction> _listing;

    private AssemblyProgram(Dictionary<ulong, DecodedInstruction> listing, ulong start) => (_listing, Start) = (listing, start);

    /// <summary>The address of the first instruction.</summary>
    public ulong Start { get; }

    public bool ReadsMemory => false;

    public IReadOnlyCollection<DecodedInstruction> Instructions => _listing.Values;

    public DecodedInstruction? Decode(MachineState state, ulong address, out string? error)
    {
        if (_listing.TryGetValue(address, out var decoded))
        {
            error = null;
            return decoded;
        }

        error = $"no instruction at {Diagnostics.Hex.Format(address)}: the program has none there";
        return null;
    }

    /// <summary>Assembles a text; every error is an <see cref="AssemblyException"/> at its line and column.</summary>
    public static AssemblyProgram Assemble(ConcreteMachine machine, string text, string file = "program")
    {
        var spec = machine.Spec;
        var lines = text.Split('\n').Select(l => StripComment(l.TrimEnd('\r'))).ToArray();
        var labels = Labels(spec, lines, file);
        var listing = new Dictionary<ulong, DecodedInstruction>();
        ulong address = 0, start = ulong.MaxValue;
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            if (Directive(line, out var org, file, n))
            {
                address = org ?? address;
                continue;
            }

            var body = AfterLabel(line).Trim();
            if (body.Length == 0)
            {
                continue;
            }

            var decoded = Instruction(machine, body, address, labels, new LinePlace(file, n + 1, line.IndexOf(body, StringComparison.Ordinal) + 1));
            listing[address] = decoded;
            start = Math.Min(start, address);
            address = decoded.NextPc;
        }

        return new AssemblyProgram(listing, start == ulong.MaxValue ? 0 : start);
    }

    private readonly record struct LinePlace(string File, int Line, int Column)
    {
        public AssemblyException Error(string message, int offset = 0) => new(File, Line, Column + offset, message);
    }

    private static DecodedInstruction Instruction(ConcreteMachine machine, string text, ulong address, Dictionary<string, ulong> labels, LinePlace place)
    {
        var spec = machine.Spec;
        var space = text.IndexOfAny([' ', '\t']);
        var name = space < 0 ? text : text[..space];
        var instruction = Find(spec, name) ?? throw place.Error($"unknown instruction '{name}': expected an instruction name or mnemonic of {spec.Name}");
        var explicitOperands = instruction.Operands.Where(o => o.Kind != OperandKind.Implicit).ToArray();
        var written = space < 0 ? [] : text[space..].Split(',').Select(s => s.Trim()).ToArray();
        if (written.Length != explicitOperands.Length)
        {
            throw place.Error($"{instruction.Name} takes {explicitOperands.Length} operand(s) ({string.Join(", ", explicitOperands.Select(o => o.Name))}), {written.Length} given");
        }

        var length = (ulong)(instruction.Length ?? 1);
        var pcMask = BitOps.Mask(spec.Registers[spec.ProgramCounter!.Value].Width);
        var next = (address + length) & pcMask;
        var values = explicitOperands.Select((o, i) => Operand(spec, o, written[i], labels, place)).ToList();
        if (instruction.Operands.Any(o => o.Kind == OperandKind.Implicit))
        {
            values.Add(next);
        }

        return new DecodedInstruction(address, (int)length, next, machine.IdOf(instruction), instruction, [.. values], [], text);
    }

    private static InstructionDef? Find(IsaSpec spec, string name) =>
        spec.Instructions.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? (spec.Instructions.Where(i => string.Equals(i.Mnemonic, name, StringComparison.OrdinalIgnoreCase)).ToList() is [var only] ? only : null);

    private static ulong Operand(IsaSpec spec, OperandDef operand, string text, Dictionary<string, ulong> labels, LinePlace place)
    {
        if (operand.Kind == OperandKind.Register)
        {
            var index = operand.Registers.IndexOf(spec.FindRegister(text)?.Index ?? -1);
            return index >= 0
                ? (ulong)index
                : throw place.Error($"operand '{operand.Name}' is a register of group {operand.Group} ({string.Join(", ", operand.Registers.Select(r => spec.Registers[r].Name))}), not '{text}'");
        }

        var mask = BitOps.Mask(operand.Width);
        if (labels.TryGetValue(text, out var label))
        {
            return label & mask;
        }

        return Number(text) is { } value
            ? value & mask
            : throw place.Error($"operand '{operand.Name}' expects a number or a label, not '{text}'");
    }

    private static ulong? Number(string text)
    {
        var negative = text.StartsWith('-');
        var digits = negative ? text[1..] : text;
        var ok = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(digits[2..].Replace("_", ""), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value)
            : ulong.TryParse(digits.Replace("_", ""), NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return ok ? negative ? 0 - value : value : null;
    }

    // Labels first, so that a jump may name a label further down.
    private static Dictionary<string, ulong> Labels(IsaSpec spec, string[] lines, string file)
    {
        var labels = new Dictionary<string, ulong>(StringComparer.Ordinal);
        ulong address = 0;
        for (var n = 0; n < lines.Length; n++)
        {
            if (Directive(lines[n], out var org, file, n))
            {
                address = org ?? address;
                continue;
            }

            var colon = lines[n].IndexOf(':');
            if (colon > 0 && !lines[n][..colon].Trim().Contains(' '))
            {
                labels[lines[n][..colon].Trim()] = address;
            }

            var body = AfterLabel(lines[n]).Trim();
            if (body.Length > 0)
            {
                var space = body.IndexOfAny([' ', '\t']);
                var name = space < 0 ? body : body[..space];
                address += (ulong)(Find(spec, name)?.Length ?? 1);
            }
        }

        return labels;
    }

    private static bool Directive(string line, out ulong? org, string file, int n)
    {
        org = null;
        var trimmed = line.Trim();
        if (!trimmed.StartsWith(".org", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        org = Number(trimmed[4..].Trim()) ?? throw new AssemblyException(file, n + 1, line.IndexOf('.') + 1, ".org expects an address");
        return true;
    }

    private static string AfterLabel(string line)
    {
        var colon = line.IndexOf(':');
        return colon > 0 && !line[..colon].Trim().Contains(' ') ? line[(colon + 1)..] : line;
    }

    private static string StripComment(string line)
    {
        var cut = line.IndexOfAny([';', '#']);
        return cut < 0 ? line : line[..cut];
    }
}
