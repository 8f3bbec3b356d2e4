using System.Collections.Immutable;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Semantics;
using YamlDotNet.RepresentationModel;

namespace Virtualizability.Analyzer.Spec;

/// <summary>
/// Gives meaning to a merged <see cref="RawSpec"/>: resolves names, binds every body and condition, and
/// checks what the schema cannot (widths, references, each Iced Code claimed once).
/// </summary>
internal sealed partial class SpecBuilder
{
    private readonly RawSpec _raw;
    private readonly NodeReader _reader;
    private ImmutableArray<RegisterDef> _registers = [];
    private MemoryDef? _memory;
    private ImmutableArray<TrapKindDef> _traps = [];

    private SpecBuilder(RawSpec raw, DiagnosticBag diagnostics)
    {
        _raw = raw;
        _reader = new NodeReader(diagnostics);
    }

    public static IsaSpec? Build(RawSpec raw, DiagnosticBag diagnostics)
    {
        var before = diagnostics.Items.Count;
        var spec = new SpecBuilder(raw, diagnostics).Build();
        return diagnostics.Items.Count == before ? spec : null;
    }

    private IsaSpec? Build()
    {
        foreach (var key in RawSpec.RequiredKeys.Where(k => !_raw.Has(k)))
        {
            _reader.Error(_raw.Root, $"the ISA description is missing the required key '{key}'");
        }

        _registers = BuildRegisters();
        _memory = Optional("memory", BuildMemory);
        _traps = BuildTraps();
        var groups = BuildRegisterGroups();
        var pc = Optional("pc", BuildProgramCounter);
        var stateScope = new BindingScope(_registers, _memory, _traps, []);
        var invariants = _raw.Plain.TryGetValue("invariants", out var inv) ? BuildInvariants(inv.Value, stateScope) : [];
        var modes = BuildModes(stateScope);
        var supervisor = Optional("supervisor_mode", n => ModeName(n, modes, "supervisor_mode"));
        var vmm = BuildVmm(stateScope, modes, supervisor);
        var trapEntry = Optional("trap_entry", BuildTrapEntry);
        var halted = Optional("halted", n => Condition(n, "the halted condition", stateScope));
        var (instructions, codeMap) = BuildInstructions(groups, pc);
        if (_reader.Diagnostics.HasErrors || vmm is null || supervisor is null)
        {
            return null;
        }

        return new IsaSpec(
            PlainString("isa") ?? "",
            PlainString("description"),
            _raw.File.DisplayPath,
            Optional("endian", n => _reader.Enum<Endianness>(n, "byte order")) ?? Endianness.Little,
            _registers,
            groups,
            _memory,
            pc,
            _traps,
            trapEntry,
            invariants,
            modes,
            supervisor,
            vmm,
            instructions)
        {
            CodeMap = codeMap,
            Halted = halted,
        };
    }

    private T? Optional<T>(string key, Func<Node, T?> build) =>
        _raw.Plain.TryGetValue(key, out var entry) ? build(entry.Value) : default;

    private string? PlainString(string key) => Optional(key, n => _reader.String(n, $"'{key}'"));

    private ISourceMap MapOf(Node node) =>
        node.Yaml is YamlScalarNode scalar ? new ScalarSourceMap(node.File, scalar) : new PlainSourceMap(node.File.DisplayPath);

    private BoundExpr? Condition(Node node, string what, BindingScope scope)
    {
        var text = _reader.String(node, what);
        return text is null ? null : Binder.BindCondition(text, scope, MapOf(node), _reader.Diagnostics);
    }

    private BoundBody? Body(Node node, string what, BindingScope scope)
    {
        var text = _reader.String(node, what);
        return text is null ? null : Binder.BindBody(text, scope, MapOf(node), _reader.Diagnostics);
    }

    private ImmutableArray<Invariant> BuildInvariants(Node node, BindingScope scope) =>
        _reader.Sequence(node, "invariants")
            .Select(item => (item, condition: Condition(item, "an invariant", scope)))
            .Where(x => x.condition is not null)
            .Select(x => new Invariant(x.item.Scalar!, x.condition!, x.item.Location))
            .ToImmutableArray();

    private ImmutableArray<ModeDef> BuildModes(BindingScope scope)
    {
        var modes = ImmutableArray.CreateBuilder<ModeDef>();
        foreach (var (name, _, entry) in _raw.Modes.Entries)
        {
            var fields = _reader.Mapping(entry, $"mode '{name}'", ["name", "when", "doc"], ["name", "when"]);
            if (fields is not null && fields.TryGetValue("when", out var when) && Condition(when.Value, $"the condition of mode '{name}'", scope) is { } condition)
            {
                modes.Add(new ModeDef(name, when.Value.Scalar!, condition, entry.Location, when.Value.Location));
            }
        }

        return modes.ToImmutable();
    }

    private string? ModeName(Node node, ImmutableArray<ModeDef> modes, string what)
    {
        var name = _reader.String(node, what);
        if (name is not null && modes.All(m => m.Name != name))
        {
            _reader.Error(node, $"unknown mode '{name}' in {what}: expected one of the modes ({string.Join(", ", modes.Select(m => m.Name))})");
            return null;
        }

        return name;
    }

    private VmmConfig? BuildVmm(BindingScope scope, ImmutableArray<ModeDef> modes, string? supervisorMode)
    {
        var vmm = _raw.Vmm;
        foreach (var key in new[] { "guest_supervisor_mode", "guest_user_mode" }.Where(k => _raw.Vmm.Count > 0 && !vmm.ContainsKey(k)))
        {
            _reader.Error(_raw.Root, $"vmm is missing the required key '{key}'");
        }

        var supervisor = vmm.TryGetValue("guest_supervisor_mode", out var s) ? ModeName(s.Value, modes, "vmm.guest_supervisor_mode") : null;
        var user = vmm.TryGetValue("guest_user_mode", out var u) ? ModeName(u.Value, modes, "vmm.guest_user_mode") : null;
        var choices = vmm.TryGetValue("guest_supervisor_mode_choices", out var c)
            ? _reader.Sequence(c.Value, "vmm.guest_supervisor_mode_choices").Select(n => ModeName(n, modes, "vmm.guest_supervisor_mode_choices")).OfType<string>().ToImmutableArray()
            : supervisor is null ? [] : [supervisor];
        GuestModesAreDeprivileged(supervisorMode);
        var keepsText = vmm.TryGetValue("keeps", out var k) ? k.Value.Scalar ?? "" : "true";
        var keeps = vmm.TryGetValue("keeps", out k) ? Condition(k.Value, "vmm.keeps", scope) : new ConstExpr(1, 1);
        if (supervisor is null || user is null || keeps is null)
        {
            return null;
        }

        var location = vmm.TryGetValue("guest_supervisor_mode", out s) ? s.Key.Location : _raw.File.At(_raw.Root.Yaml);
        return new VmmConfig(supervisor, choices, user, keepsText, keeps, location, vmm.TryGetValue("keeps", out k) ? k.Value.Location : null)
        {
            Embedding = BuildEmbedding(scope, modes),
        };
    }

    // A VMM runs every guest deprivileged: a guest mode equal to supervisor_mode would hand the guest the
    // real machine, and the privileged question would compare the supervisor mode with itself.
    private void GuestModesAreDeprivileged(string? supervisorMode)
    {
        var named = _raw.Vmm
            .Where(e => e.Key is "guest_supervisor_mode" or "guest_user_mode")
            .Select(e => (Key: e.Key, Node: e.Value.Value))
            .Concat(_raw.Vmm.TryGetValue("guest_supervisor_mode_choices", out var c) && c.Value.Yaml is YamlSequenceNode
                ? _reader.Sequence(c.Value, "vmm.guest_supervisor_mode_choices").Select(n => (Key: "guest_supervisor_mode_choices", Node: n))
                : []);
        foreach (var (key, node) in named.Where(n => supervisorMode is not null && n.Node.Scalar == supervisorMode))
        {
            _reader.Error(node, $"vmm.{key} names the supervisor mode '{supervisorMode}': a VMM runs its guests deprivileged, in a mode other than supervisor_mode");
        }
    }

    private TrapEntryDef? BuildTrapEntry(Node node)
    {
        var code = new OperandDef(0, "trap_code", OperandKind.Implicit, 8, null, [], node.Location);
        var scope = new BindingScope(_registers, _memory, _traps, [code]);
        var body = Body(node, "the trap_entry body", scope);
        return body is null ? null : new TrapEntryDef([code], body, node.Location);
    }
}
