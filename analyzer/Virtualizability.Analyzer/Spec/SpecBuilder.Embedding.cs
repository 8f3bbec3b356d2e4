using System.Collections.Immutable;
using Virtualizability.Analyzer.Semantics;

namespace Virtualizability.Analyzer.Spec;

internal sealed partial class SpecBuilder
{
    /// <summary>The embedding keys of <c>vmm:</c> (DESIGN.md §5); each is optional.</summary>
    private VmmEmbedding BuildEmbedding(BindingScope scope, ImmutableArray<ModeDef> modes)
    {
        var vmm = _raw.Vmm;
        var map = vmm.TryGetValue("mode_map", out var m) ? ModeMap(m.Value, modes) : ImmutableDictionary<string, string>.Empty;
        var allocates = vmm.TryGetValue("allocates", out var a) ? Condition(a.Value, "vmm.allocates", scope) : null;
        var passthrough = vmm.TryGetValue("passthrough", out var p) ? Passthrough(p.Value) : [];
        var reserved = vmm.TryGetValue("reserved_memory", out var r) ? ReservedMemory(r.Value, scope) : null;
        var assumption = vmm.TryGetValue("memory_assumption", out var text) ? _reader.String(text.Value, "vmm.memory_assumption") : null;
        var controls = vmm.TryGetValue("controls", out var c) ? Controls(c.Value) : [];
        var bare = vmm.TryGetValue("virtual_state", out var b) ? Condition(b.Value, "vmm.virtual_state", scope) : null;
        return new VmmEmbedding(
            map, allocates is null ? null : a.Value.Scalar, allocates, passthrough,
            reserved is null ? null : r.Value.Scalar, reserved, assumption)
        {
            Controls = controls,
            VirtualStateText = bare is null ? null : b.Value.Scalar,
            VirtualState = bare,
        };
    }

    // The VM-execution controls a hardware VMM sets: 1-bit control registers, or 1-bit control fields of
    // registers (REG.FIELD), as RISC-V's hstatus.VTW and ARM's HCR.TWI are.
    private ImmutableArray<ControlBit> Controls(Node node)
    {
        var controls = ImmutableArray.CreateBuilder<ControlBit>();
        foreach (var item in _reader.Sequence(node, "vmm.controls"))
        {
            if (_reader.String(item, "each entry of vmm.controls") is not { } name)
            {
                continue;
            }

            if (Control(name) is { } control)
            {
                controls.Add(control);
            }
            else
            {
                _reader.Error(item, $"'{name}' in vmm.controls is not a 1-bit control register or field: expected REG or REG.FIELD of width 1 and role control");
            }
        }

        return controls.ToImmutable();
    }

    private ControlBit? Control(string name)
    {
        var parts = name.Split('.');
        var register = _registers.FirstOrDefault(x => x.Name == parts[0]);
        return (parts.Length, register) switch
        {
            (1, { Width: 1, Role: Role.Control }) => new ControlBit(name, register.Index, 0),
            (2, not null) when register.FindField(parts[1]) is { Width: 1 } field && register.RoleOfBit(field.Low) == Role.Control
                => new ControlBit(name, register.Index, field.Low),
            _ => null,
        };
    }

    private ImmutableDictionary<string, string> ModeMap(Node node, ImmutableArray<ModeDef> modes)
    {
        var map = ImmutableDictionary.CreateBuilder<string, string>();
        foreach (var (name, key, value) in _reader.NamedEntries(node, "vmm.mode_map (virtual mode: real mode)"))
        {
            if (ModeName(key, modes, "vmm.mode_map") is { } virtualMode && ModeName(value, modes, "vmm.mode_map") is { } realMode)
            {
                map[virtualMode] = realMode;
            }
        }

        return map.ToImmutable();
    }

    // A passthrough element is a control or mode register or field (REG.FIELD): the hardware keeps a copy
    // per guest (VT-x keeps the guest's CPL); user state is the guest's anyway.
    private ImmutableArray<string> Passthrough(Node node)
    {
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (var item in _reader.Sequence(node, "vmm.passthrough"))
        {
            if (_reader.String(item, "each entry of vmm.passthrough") is not { } name)
            {
                continue;
            }

            var parts = name.Split('.');
            var register = _registers.FirstOrDefault(x => x.Name == parts[0]);
            var field = parts.Length == 2 ? register?.FindField(parts[1]) : null;
            var role = parts.Length == 1 ? register?.Role : field?.Role;
            if (register is null || parts.Length > 2 || (parts.Length == 2 && field is null))
            {
                _reader.Error(item, $"unknown register or field '{name}' in vmm.passthrough: expected REG or REG.FIELD of a control element");
            }
            else if (role == Role.User && !(parts.Length == 1 && register.Fields.Any(f => f.Role != Role.User)))
            {
                _reader.Error(item, $"'{name}' in vmm.passthrough is not control state: expected a register or field with role control or mode");
            }
            else
            {
                names.Add(name);
            }
        }

        return names.ToImmutable();
    }

    // The VMM's own memory: a condition over the real state and the address `addr` of a cell.
    private BoundExpr? ReservedMemory(Node node, BindingScope scope)
    {
        if (_memory is null)
        {
            _reader.Error(node, "vmm.reserved_memory needs a memory: the spec declares none");
            return null;
        }

        var addr = new OperandDef(0, "addr", OperandKind.Implicit, _memory.AddressWidth, null, [], node.Location);
        return Condition(node, "vmm.reserved_memory", scope with { Operands = [addr] });
    }
}
