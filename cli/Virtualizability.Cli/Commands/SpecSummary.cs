using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Cli.Commands;

/// <summary>What `virt validate` prints for a good spec: enough to see at a glance what it covers.</summary>
internal static class SpecSummary
{
    /// <param name="name">the spec as the user named it (a path, or &lt;stdin&gt;)</param>
    public static void Write(IsaSpec spec, string name, TextWriter output)
    {
        output.WriteLine($"{name}: valid ISA description '{spec.Name}'");
        output.WriteLine($"  instructions:   {spec.Instructions.Length}");
        // Registers and fields are counted apart, each by its own role, so the counts add up.
        output.WriteLine($"  registers:      {spec.Registers.Length} ({RoleCounts(spec.Registers.Select(r => r.Role))})");
        var fields = spec.Registers.SelectMany(r => r.Fields).ToList();
        output.WriteLine($"  fields:         {fields.Count}{(fields.Count == 0 ? "" : $" ({RoleCounts(fields.Select(f => f.Role))})")}");
        if (spec.Memory is { } memory)
        {
            output.WriteLine($"  memory:         {memory.Name}, {memory.AddressWidth}-bit addresses, {memory.CellWidth}-bit cells ({memory.Role.ToString().ToLowerInvariant()})");
        }

        output.WriteLine($"  modes:          {string.Join(", ", spec.Modes.Select(m => m.Name))} (supervisor: {spec.SupervisorMode})");
        output.WriteLine($"  vmm:            guest supervisor in {spec.Vmm.GuestSupervisorMode}, guest user in {spec.Vmm.GuestUserMode}, keeps {spec.Vmm.KeepsText}");
        output.WriteLine($"  trap kinds:     {string.Join(", ", spec.Traps.Select(t => t.Name))}");
        output.WriteLine($"  Iced codes:     {spec.Instructions.Sum(i => i.IcedCodes.Length)} covered");
        var claims = spec.Instructions.Sum(i => i.Expect.Length);
        if (claims > 0)
        {
            output.WriteLine($"  expect claims:  {claims} (checked by virt analyze)");
        }
    }

    private static string RoleCounts(IEnumerable<Role> roles)
    {
        var counts = roles.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        return string.Join(", ", Enum.GetValues<Role>().Select(r => $"{r.ToString().ToLowerInvariant()} {counts.GetValueOrDefault(r)}"));
    }
}
