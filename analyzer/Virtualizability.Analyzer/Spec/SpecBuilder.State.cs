using System.Collections.Immutable;
using System.Globalization;

namespace Virtualizability.Analyzer.Spec;

internal sealed partial class SpecBuilder
{
    private static readonly string[] StateKeys = ["name", "width", "role", "fields", "clock", "doc"];
    private static readonly string[] FieldKeys = ["bits", "role", "doc"];
    private static readonly string[] MemoryKeys = ["name", "address_width", "cell_width", "role", "relocation", "bound", "doc"];
    private static readonly string[] TrapKeys = ["code", "doc"];

    private ImmutableArray<RegisterDef> BuildRegisters()
    {
        var registers = ImmutableArray.CreateBuilder<RegisterDef>();
        foreach (var (name, _, entry) in _raw.State.Entries)
        {
            var keys = _reader.Mapping(entry, $"state element '{name}'", StateKeys, ["name", "width", "role"]);
            if (keys is null || !keys.ContainsKey("width") || !keys.ContainsKey("role"))
            {
                continue;
            }

            var width = _reader.Int(keys["width"].Value, $"the width of '{name}'", 1, 64);
            // A bad role is reported; the register is kept so that later uses of it are not reported too.
            var role = _reader.Enum<Role>(keys["role"].Value, "role") ?? Role.User;
            var clock = keys.TryGetValue("clock", out var c) && _reader.Bool(c.Value, "clock") == true;
            var doc = keys.TryGetValue("doc", out var d) ? d.Value.Scalar : null;
            if (width is null)
            {
                continue;
            }

            var fields = keys.TryGetValue("fields", out var f) ? BuildFields(f.Value, name, width.Value, role) : [];
            registers.Add(new RegisterDef(registers.Count, name, width.Value, role, fields, clock, doc, entry.Location));
        }

        return registers.ToImmutable();
    }

    private ImmutableArray<FieldDef> BuildFields(Node node, string register, int width, Role registerRole)
    {
        var fields = ImmutableArray.CreateBuilder<FieldDef>();
        foreach (var (name, key, value) in _reader.NamedEntries(node, $"the fields of '{register}'"))
        {
            var keys = _reader.Mapping(value, $"field '{register}.{name}'", FieldKeys, ["bits"]);
            if (keys is null || !keys.TryGetValue("bits", out var bits) || Bits(bits.Value, width, $"{register}.{name}") is not { } range)
            {
                continue;
            }

            var role = keys.TryGetValue("role", out var r) ? _reader.Enum<Role>(r.Value, "role") : registerRole;
            if (fields.FirstOrDefault(other => other.Low <= range.High && range.Low <= other.High) is { } overlap)
            {
                _reader.Error(bits.Value, $"field '{register}.{name}' overlaps field '{overlap.Name}': fields may not share bits");
            }

            if (role is not null)
            {
                fields.Add(new FieldDef(name, range.High, range.Low, role.Value, key.Location));
            }
        }

        return fields.ToImmutable();
    }

    private (int High, int Low)? Bits(Node node, int width, string what)
    {
        var text = node.Scalar ?? "";
        var parts = text.Split(':');
        if (parts.Length is 1 or 2 && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            var high = int.Parse(parts[0], CultureInfo.InvariantCulture);
            var low = int.Parse(parts[^1], CultureInfo.InvariantCulture);
            if (low <= high && high < width)
            {
                return (high, low);
            }

            _reader.Error(node, $"bits '{text}' of {what} are outside its {width}-bit register: expected high < {width} and low <= high");
            return null;
        }

        _reader.Error(node, $"expected the bits of {what} as a bit number or \"high:low\", found '{text}'");
        return null;
    }

    private MemoryDef? BuildMemory(Node node)
    {
        var keys = _reader.Mapping(node, "memory", MemoryKeys, ["name", "address_width", "cell_width"]);
        if (keys is null || !keys.ContainsKey("name") || !keys.ContainsKey("address_width") || !keys.ContainsKey("cell_width"))
        {
            return null;
        }

        var name = _reader.String(keys["name"].Value, "the memory's name");
        var address = _reader.Int(keys["address_width"].Value, "address_width", 1, 64);
        var cell = _reader.Int(keys["cell_width"].Value, "cell_width", 1, 64);
        var role = keys.TryGetValue("role", out var r) ? _reader.Enum<Role>(r.Value, "role") : Role.User;
        if (role is Role.Mode or Role.Control)
        {
            // The questions compare memory only as the user part a program sees; a memory that held mode or
            // control state would be silently left out of control-sensitivity and the user-part comparison.
            // The memory itself is kept, so that its operands raise no errors of their own.
            _reader.Error(r.Value, $"memory role '{r.Value.Scalar}' is not supported: the analysis treats memory as user state; expected role user (put mode or control state in registers)");
        }

        if (name is not null && _registers.Any(reg => reg.Name == name))
        {
            _reader.Error(keys["name"].Value, $"memory name '{name}' is already a register name");
            return null;
        }

        var relocation = keys.TryGetValue("relocation", out var l) ? AddressRegister(l.Value, "memory.relocation", address) : null;
        var bound = keys.TryGetValue("bound", out var b) ? AddressRegister(b.Value, "memory.bound", address) : null;
        return name is null || address is null || cell is null || role is null
            ? null
            : new MemoryDef(name, address.Value, cell.Value, role.Value, relocation, bound, node.Location);
    }

    private int? AddressRegister(Node node, string what, int? addressWidth)
    {
        var register = RegisterNamed(node, what);
        if (register is not null && addressWidth is not null && register.Width != addressWidth)
        {
            _reader.Error(node, $"width mismatch: {what} '{register.Name}' is {register.Width} bits but addresses are {addressWidth} bits");
            return null;
        }

        return register?.Index;
    }

    private ImmutableArray<TrapKindDef> BuildTraps()
    {
        var traps = ImmutableArray.CreateBuilder<TrapKindDef>();
        foreach (var (name, key, value) in _raw.Traps.Entries)
        {
            var keys = _reader.Mapping(value, $"trap kind '{name}'", TrapKeys, ["code"]);
            if (keys is not null && keys.TryGetValue("code", out var code) && _reader.Int(code.Value, $"the code of trap '{name}'", 0, 255) is { } number)
            {
                traps.Add(new TrapKindDef(traps.Count, name, number, keys.TryGetValue("doc", out var d) ? d.Value.Scalar : null, key.Location));
            }
        }

        return traps.ToImmutable();
    }

    private ImmutableDictionary<string, ImmutableArray<int>> BuildRegisterGroups()
    {
        var groups = ImmutableDictionary.CreateBuilder<string, ImmutableArray<int>>();
        foreach (var (name, _, value) in _raw.RegisterGroups.Entries)
        {
            var members = _reader.Sequence(value, $"register group '{name}'").Select(item => RegisterNamed(item, $"register group '{name}'")).ToList();
            if (members.Count == 0)
            {
                _reader.Error(value, $"register group '{name}' is empty: expected at least one register");
            }
            else if (members.OfType<RegisterDef>().ToList() is { Count: > 0 } known)
            {
                if (known.Any(m => m.Width != known[0].Width))
                {
                    _reader.Error(value, $"width mismatch: the registers of group '{name}' must all have the same width");
                }

                // Unknown members are reported above; the group is kept so its operands are not reported again.
                groups[name] = known.Select(m => m.Index).ToImmutableArray();
            }
        }

        return groups.ToImmutable();
    }

    private RegisterDef? RegisterNamed(Node node, string what)
    {
        var name = _reader.String(node, $"a register name in {what}");
        var register = name is null ? null : _registers.FirstOrDefault(r => r.Name == name);
        if (name is not null && register is null)
        {
            _reader.Error(node, $"unknown register '{name}' in {what}: expected a register declared under state");
        }

        return register;
    }

    private int? BuildProgramCounter(Node node) => RegisterNamed(node, "pc")?.Index;
}
