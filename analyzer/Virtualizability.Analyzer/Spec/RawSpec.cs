namespace Virtualizability.Analyzer.Spec;

/// <summary>
/// A spec after YAML parsing and after merging the <c>extends</c> chain, before any meaning is given to it.
/// Named collections keep their order: a variant's entry replaces the base entry of the same name in place.
/// </summary>
public sealed class RawSpec
{
    public static readonly string[] TopLevelKeys =
    [
        "isa", "description", "extends", "endian", "state", "register_groups", "memory", "pc", "halted", "traps",
        "trap_entry", "invariants", "modes", "supervisor_mode", "vmm", "instructions",
    ];

    public static readonly string[] RequiredKeys = ["isa", "state", "traps", "modes", "supervisor_mode", "vmm", "instructions"];

    public required SourceFile File { get; init; }

    public required Node Root { get; init; }

    /// <summary>Keys that a variant replaces whole.</summary>
    public Dictionary<string, (Node Key, Node Value)> Plain { get; } = new();

    public NamedCollection State { get; } = new();

    public NamedCollection Modes { get; } = new();

    public NamedCollection Instructions { get; } = new();

    public NamedCollection Traps { get; } = new();

    public NamedCollection RegisterGroups { get; } = new();

    public Dictionary<string, (Node Key, Node Value)> Vmm { get; } = new();

    /// <summary>True when any of the collections or keys have been given, by this file or a base.</summary>
    public bool Has(string key) => key switch
    {
        "state" => State.Count > 0,
        "modes" => Modes.Count > 0,
        "instructions" => Instructions.Count > 0,
        "traps" => Traps.Count > 0,
        "vmm" => Vmm.Count > 0,
        _ => Plain.ContainsKey(key),
    };
}

/// <summary>Entries keyed by name, in first-seen order; setting an existing name replaces it in place.</summary>
public sealed class NamedCollection
{
    private readonly List<string> _order = new();
    private readonly Dictionary<string, (Node Key, Node Value)> _entries = new();

    public int Count => _order.Count;

    public IEnumerable<(string Name, Node Key, Node Value)> Entries =>
        _order.Select(name => (name, _entries[name].Key, _entries[name].Value));

    public void Set(string name, Node key, Node value)
    {
        if (!_entries.ContainsKey(name))
        {
            _order.Add(name);
        }

        _entries[name] = (key, value);
    }

    public void CopyFrom(NamedCollection other)
    {
        foreach (var (name, key, value) in other.Entries)
        {
            Set(name, key, value);
        }
    }
}
