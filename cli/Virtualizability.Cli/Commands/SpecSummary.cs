using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Cli.Commands;

/// <summary>What `virt validate` prints for a good spec: enough to see at a glance what it covers.</summary>
internal static class SpecSummary
{
    public static void Write(IsaSpec spec, TextWriter output)
    {
        output.WriteLine($"{spec.File}: valid ISA description '{spec.Name}'");
        output.WriteLine($"  instructions:   {spec.Instructions.Length}");
        output.WriteLine($"  state elements: {spec.Registers.Length} ({RoleCounts(spec)})");
        output.WriteLine($"  fields:         {spec.Registers.Sum(r => r.Fields.Length)}");
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

    private static string RoleCounts(IsaSpec spec)
    {
        var counts = new Dictionary<Role, int>();
        foreach (var register in spec.Registers)
        {
            counts[register.Role] = counts.GetValueOrDefault(register.Role) + 1;
            foreach (var field in register.Fields.Where(f => f.Role != register.Role))
            {
                counts[field.Role] = counts.GetValueOrDefault(field.Role) + 1;
            }
        }

        return string.Join(", ", Enum.GetValues<Role>().Select(r => $"{r.ToString().ToLowerInvariant()} {counts.GetValueOrDefault(r)}"));
    }
}
