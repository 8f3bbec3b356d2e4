using System.Collections.Immutable;
using Iced.Intel;
using Virtualizability.Analyzer.X86;
using Virtualizability.Analyzer.Semantics;

namespace Virtualizability.Analyzer.Spec;

internal sealed partial class SpecBuilder
{
    private static readonly string[] InstructionKeys = ["name", "mnemonic", "iced", "ref", "operands", "body", "expect", "length", "doc"];
    private static readonly string[] OperandKeys = ["name", "kind", "width", "group", "doc"];
    private static readonly string[] ImplicitOperandNames = ["next_pc", "trap_code"];

    public static readonly string[] ClaimWords =
    [
        "privileged", "sensitive", "control-sensitive", "behavior-sensitive", "mode-sensitive", "location-sensitive",
        "configuration-sensitive", "innocuous", "critical", "user-sensitive",
    ];

    private (ImmutableArray<InstructionDef> Instructions, IcedCodeMap CodeMap) BuildInstructions(ImmutableDictionary<string, ImmutableArray<int>> groups, int? pc)
    {
        var instructions = ImmutableArray.CreateBuilder<InstructionDef>();
        var claims = ImmutableArray.CreateBuilder<IcedClaim>();
        var icedOwners = new Dictionary<(Code, IcedForm), (string Instruction, Node Node)>();
        var bitness = pc is { } pcIndex ? _registers[pcIndex].Width : 0;
        foreach (var (name, _, entry) in _raw.Instructions.Entries)
        {
            var keys = _reader.Mapping(entry, $"instruction '{name}'", InstructionKeys, ["name", "body"]);
            if (keys is null)
            {
                continue;
            }

            var errorsBefore = _reader.Diagnostics.Items.Count;
            var operands = BuildOperands(keys, name, groups, pc);
            var operandsFailed = _reader.Diagnostics.Items.Count != errorsBefore;
            var iced = keys.TryGetValue("iced", out var i) ? IcedCodes(i.Value, name) : [];
            var fitting = operandsFailed ? [] : FittingClaims(iced, name, operands, bitness, icedOwners);
            var expect = keys.TryGetValue("expect", out var e) ? Claims(e.Value) : [];
            var length = keys.TryGetValue("length", out var l) ? _reader.Int(l.Value, "length", 1, 64) : null;
            var scope = new BindingScope(_registers, _memory, _traps, operands);
            // A body whose operands failed would only report their names as unknown, again.
            var body = keys.TryGetValue("body", out var b) && !operandsFailed ? Body(b.Value, $"the body of '{name}'", scope) : null;
            if (body is not null)
            {
                var definition = new InstructionDef(
                    name,
                    keys.TryGetValue("mnemonic", out var m) ? m.Value.Scalar : null,
                    iced.Select(x => x.Code.ToString()).ToImmutableArray(),
                    keys.TryGetValue("ref", out var r) ? r.Value.Scalar : null,
                    operands,
                    body,
                    expect,
                    length,
                    entry.Location);
                instructions.Add(definition);
                claims.AddRange(fitting.Select(f => new IcedClaim(f.Code, f.Form, definition, f.Node.Location)));
            }
        }

        return (instructions.ToImmutable(), new IcedCodeMap(claims.ToImmutable()));
    }

    private ImmutableArray<OperandDef> BuildOperands(Dictionary<string, (Node Key, Node Value)> keys, string instruction, ImmutableDictionary<string, ImmutableArray<int>> groups, int? pc)
    {
        var operands = ImmutableArray.CreateBuilder<OperandDef>();
        var items = keys.TryGetValue("operands", out var o) ? _reader.Sequence(o.Value, $"the operands of '{instruction}'") : [];
        foreach (var item in items)
        {
            if (BuildOperand(item, instruction, operands.Count, groups) is { } operand)
            {
                if (operands.Any(x => x.Name == operand.Name) || _registers.Any(r => r.Name == operand.Name))
                {
                    _reader.Error(item, $"operand name '{operand.Name}' of '{instruction}' is already used by another operand or a register");
                    continue;
                }

                if (ImplicitOperandNames.Contains(operand.Name))
                {
                    _reader.Error(item, $"operand name '{operand.Name}' is reserved: the machine supplies it");
                    continue;
                }

                operands.Add(operand);
            }
        }

        if (pc is { } pcIndex)
        {
            // The machine supplies the address of the following instruction; the body starts by falling through to it.
            operands.Add(new OperandDef(operands.Count, "next_pc", OperandKind.Implicit, _registers[pcIndex].Width, null, [], SourceLocationOf(keys)));
        }

        return operands.ToImmutable();
    }

    private Diagnostics.SourceLocation SourceLocationOf(Dictionary<string, (Node Key, Node Value)> keys) =>
        keys.TryGetValue("name", out var n) ? n.Key.Location : Diagnostics.SourceLocation.None;

    private OperandDef? BuildOperand(Node item, string instruction, int index, ImmutableDictionary<string, ImmutableArray<int>> groups)
    {
        var keys = _reader.Mapping(item, $"an operand of '{instruction}'", OperandKeys, ["name", "kind"]);
        if (keys is null || !keys.ContainsKey("name") || !keys.ContainsKey("kind"))
        {
            return null;
        }

        var name = _reader.String(keys["name"].Value, "the operand's name");
        var kind = keys["kind"].Value.Scalar switch
        {
            "imm" => OperandKind.Immediate,
            "reg" => OperandKind.Register,
            "mem" => OperandKind.Memory,
            _ => (OperandKind?)null,
        };
        if (kind is null)
        {
            _reader.Error(keys["kind"].Value, $"unknown operand kind '{keys["kind"].Value.Scalar}': expected imm, reg or mem");
            return null;
        }

        return name is null ? null : kind switch
        {
            OperandKind.Immediate => ImmediateOperand(keys, name, index, item),
            OperandKind.Register => RegisterOperand(keys, name, index, item, groups),
            _ => MemoryOperand(name, index, item),
        };
    }

    private OperandDef? ImmediateOperand(Dictionary<string, (Node Key, Node Value)> keys, string name, int index, Node item)
    {
        if (!keys.TryGetValue("width", out var w))
        {
            _reader.Error(item, $"immediate operand '{name}' needs a 'width'");
            return null;
        }

        var width = _reader.Int(w.Value, $"the width of operand '{name}'", 1, 64);
        return width is null ? null : new OperandDef(index, name, OperandKind.Immediate, width.Value, null, [], item.Location);
    }

    private OperandDef? RegisterOperand(Dictionary<string, (Node Key, Node Value)> keys, string name, int index, Node item, ImmutableDictionary<string, ImmutableArray<int>> groups)
    {
        if (!keys.TryGetValue("group", out var g) || _reader.String(g.Value, "a register group") is not { } group)
        {
            _reader.Error(item, $"register operand '{name}' needs a 'group' naming one of the register_groups");
            return null;
        }

        if (!groups.TryGetValue(group, out var members))
        {
            _reader.Error(g.Value, groups.IsEmpty
                ? $"unknown register group '{group}': declare it under register_groups"
                : $"unknown register group '{group}': expected one of {string.Join(", ", groups.Keys.Order())}");
            return null;
        }

        // The operand's own value is the index of the selected register within its group.
        var indexWidth = Math.Max(1, (int)Math.Ceiling(Math.Log2(members.Length)));
        return new OperandDef(index, name, OperandKind.Register, indexWidth, group, members, item.Location);
    }

    private OperandDef? MemoryOperand(string name, int index, Node item)
    {
        if (_memory is null)
        {
            _reader.Error(item, $"memory operand '{name}' needs a memory: declare one under 'memory'");
            return null;
        }

        return new OperandDef(index, name, OperandKind.Memory, _memory.AddressWidth, null, [], item.Location);
    }

    private List<(Code Code, Node Node)> IcedCodes(Node node, string instruction)
    {
        var codes = new List<(Code, Node)>();
        foreach (var item in _reader.Sequence(node, $"the Iced codes of '{instruction}'"))
        {
            var code = _reader.String(item, "an Iced Code name");
            if (code is null)
            {
                continue;
            }

            if (!Enum.TryParse<Code>(code, ignoreCase: false, out var parsed) || parsed.ToString() != code)
            {
                _reader.Error(item, $"unknown Iced Code '{code}': expected a name of Iced.Intel.Code, such as Sgdt_m1632");
                continue;
            }

            codes.Add((parsed, item));
        }

        return codes;
    }

    /// <summary>
    /// The claims whose Code fits the definition's operands (<see cref="IcedCodeFit"/>), each claimed once:
    /// an r/m Code once per form, or once whole.
    /// </summary>
    private List<(Code Code, IcedForm Form, Node Node)> FittingClaims(
        List<(Code Code, Node Node)> codes, string instruction, ImmutableArray<OperandDef> operands, int bitness,
        Dictionary<(Code, IcedForm), (string Instruction, Node Node)> owners)
    {
        var fitting = new List<(Code, IcedForm, Node)>();
        foreach (var (code, item) in codes)
        {
            if (bitness is not (16 or 32 or 64))
            {
                _reader.Error(item, $"Iced Code '{code}' needs a pc of 16, 32 or 64 bits: its width is the bitness of the code the spec decodes");
                continue;
            }

            if (IcedCodeFit.Check(code, operands, RegisterWidths, bitness, out var form) is { } reason)
            {
                _reader.Error(item, $"Iced Code '{code}' ({code.ToOpCode().ToInstructionString()}) does not fit '{instruction}': {reason}");
                continue;
            }

            var keys = form == IcedForm.Whole ? new[] { (code, IcedForm.Register), (code, IcedForm.Memory) } : [(code, form)];
            if (keys.Select(k => owners.TryGetValue(k, out var o) ? o : default).FirstOrDefault(o => o.Node is not null) is { Node: not null } owner)
            {
                var which = form == IcedForm.Whole ? "" : $" ({form.ToString().ToLowerInvariant()} form)";
                _reader.Error(item, $"duplicate Iced Code '{code}'{which}: already claimed by '{owner.Instruction}' at {owner.Node.Location}");
                continue;
            }

            foreach (var key in keys)
            {
                owners[key] = (instruction, item);
            }

            fitting.Add((code, form, item));
        }

        return fitting;
    }

    private IReadOnlyList<int> RegisterWidths(OperandDef operand) => operand.Registers.Select(r => _registers[r].Width).ToList();

    private ImmutableArray<Claim> Claims(Node node)
    {
        var claims = ImmutableArray.CreateBuilder<Claim>();
        foreach (var item in _reader.Sequence(node, "expect"))
        {
            var text = item.Scalar ?? "";
            var negated = text.StartsWith("not-", StringComparison.Ordinal);
            var word = negated ? text[4..] : text;
            if (!ClaimWords.Contains(word))
            {
                _reader.Error(item, $"unknown claim '{text}' in expect: expected one of {string.Join(", ", ClaimWords)}, optionally prefixed not-");
                continue;
            }

            claims.Add(new Claim(word, negated, item.Location));
        }

        return claims.ToImmutable();
    }
}
