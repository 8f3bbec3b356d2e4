using System.Collections.Immutable;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Spec;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Virtualizability.Checker.Guests;

/// <summary>
/// Loads a guest for <c>virt check --program</c>: a manifest <c>NAME.guest.yaml</c>, or a program (<c>.bin</c>
/// machine code, anything else an assembly text) with its manifest beside it when there is one. The manifest
/// names the program and gives its start state, step limit, virtual timer, output area and what the VMM is
/// asked to allocate (see checker/guests/README.md).
/// </summary>
public static class GuestLoader
{
    public const string ManifestSuffix = ".guest.yaml";

    public static Guest Load(ConcreteMachine machine, string path)
    {
        var manifest = path.EndsWith(ManifestSuffix, StringComparison.OrdinalIgnoreCase) ? path
            : Path.ChangeExtension(path, null) + ManifestSuffix;
        if (File.Exists(manifest))
        {
            return FromManifest(machine, manifest);
        }

        if (!File.Exists(path))
        {
            throw new GuestException($"{path}: no such program");
        }

        return Build(machine, path, new Manifest(path, null));
    }

    private static Guest FromManifest(ConcreteMachine machine, string file)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
                ?? throw new GuestException($"{file}:1:1: a guest manifest is a mapping (program:, state:, …)");
        }
        catch (YamlException e)
        {
            throw new GuestException($"{file}:{e.Start.Line}:{e.Start.Column}: {e.Message}");
        }

        var manifest = new Manifest(file, root);
        var program = manifest.Scalar("program") ?? throw manifest.Error(root, "the manifest names no program: expected program: FILE");
        return Build(machine, Path.Combine(Path.GetDirectoryName(file) ?? ".", program.Value ?? ""), manifest);
    }

    private static Guest Build(ConcreteMachine machine, string program, Manifest manifest)
    {
        var spec = machine.Spec;
        if (!File.Exists(program))
        {
            throw new GuestException($"{program}: no such program");
        }

        var state = machine.NewState();
        ulong start;
        Func<Analyzer.Running.IProgramDecoder> decoder;
        if (program.EndsWith(".bin", StringComparison.OrdinalIgnoreCase))
        {
            if (spec.CodeMap.Claims.IsEmpty)
            {
                throw new GuestException($"{program}: {spec.Name} claims no Iced Code, so it runs assembly texts, not machine code");
            }

            start = manifest.Number("origin") ?? 0;
            decoder = Guest.MachineCode(machine, state, File.ReadAllBytes(program), start);
        }
        else
        {
            decoder = Guest.AssemblyText(machine, File.ReadAllText(program), program, out start);
        }

        state.Registers[spec.ProgramCounter ?? throw new GuestException($"{spec.Name} has no pc: it cannot run programs")] = start;
        foreach (var assignment in manifest.Assignments(spec, "state"))
        {
            assignment.ApplyTo(state.Registers);
        }

        manifest.Memory(state);
        if (spec.Halted is { } halted && machine.Holds(halted, state))
        {
            throw new GuestException($"{manifest.File}: the start state is halted ({spec.Name}'s halted: holds): set the machine running under state:");
        }

        return new Guest(Path.GetFileNameWithoutExtension(program), machine, state, decoder)
        {
            Steps = (long?)manifest.Number("steps") ?? Guest.DefaultSteps,
            Timer = manifest.Timer(spec),
            Output = manifest.Output(),
            Allocate = manifest.Child("vmm") is YamlMappingNode vmm ? manifest.Assignments(spec, "allocate", vmm) : [],
        };
    }

    private sealed class Manifest(string file, YamlMappingNode? root)
    {
        public string File => file;

        public YamlNode? Child(string key, YamlMappingNode? parent = null) =>
            (parent ?? root) is { } node && node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        public YamlScalarNode? Scalar(string key, YamlMappingNode? parent = null) => Child(key, parent) switch
        {
            null => null,
            YamlScalarNode scalar => scalar,
            var other => throw Error(other, $"'{key}' expects a single value"),
        };

        public ulong? Number(string key, YamlMappingNode? parent = null) =>
            Scalar(key, parent) is not { } scalar ? null
            : StateAssignment.Number(scalar.Value ?? "") ?? throw Error(scalar, $"'{key}' expects a number (decimal or 0x hex), not '{scalar.Value}'");

        public ImmutableArray<StateAssignment> Assignments(IsaSpec spec, string key, YamlMappingNode? parent = null)
        {
            if (Child(key, parent) is not { } node)
            {
                return [];
            }

            var map = node as YamlMappingNode ?? throw Error(node, $"'{key}' expects a mapping of REG or REG.FIELD to a number");
            return [.. map.Children.Select(entry =>
                StateAssignment.Of(spec, ((YamlScalarNode)entry.Key).Value ?? "", (entry.Value as YamlScalarNode)?.Value ?? "", out var error)
                ?? throw Error(entry.Key, error!))];
        }

        public void Memory(MachineState state)
        {
            if (Child("memory") is not { } node)
            {
                return;
            }

            var map = node as YamlMappingNode ?? throw Error(node, "'memory' expects a mapping of an address to a list of cells");
            foreach (var (key, value) in map.Children)
            {
                var address = StateAssignment.Number(((YamlScalarNode)key).Value ?? "") ?? throw Error(key, "expected an address");
                var cells = value is YamlSequenceNode list ? list.Children : [value];
                foreach (var cell in cells)
                {
                    state.Memory![address++] = StateAssignment.Number((cell as YamlScalarNode)?.Value ?? "") ?? throw Error(cell, "expected a number");
                }
            }
        }

        public VirtualTimer? Timer(IsaSpec spec)
        {
            if (Child("timer") is not YamlMappingNode timer)
            {
                return null;
            }

            var when = Scalar("when", timer) ?? throw Error(timer, "the timer needs when: a condition on the state, such as the interrupt flag");
            var diagnostics = new DiagnosticBag();
            var scope = new BindingScope(spec.Registers, spec.Memory, spec.Traps, []);
            var text = when.Value ?? "";
            var condition = Binder.BindCondition(text, scope, new PlainSourceMap(file), diagnostics);
            if (condition is null)
            {
                var first = diagnostics.Items[0];
                throw new GuestException($"{file}:{when.Start.Line}:{when.Start.Column + first.Location.Column - 1}: timer when: {first.Message}");
            }

            var period = Number("period", timer) ?? throw Error(timer, "the timer needs period: a number of guest steps");
            return new VirtualTimer((long)Math.Max(1, period), Number("vector", timer) ?? 0, condition, text);
        }

        public GuestOutput? Output() =>
            Child("output") is YamlMappingNode output
                ? new GuestOutput(Number("address", output) ?? throw Error(output, "output needs address:"), (int)(Number("length", output) ?? 64))
                : null;

        public GuestException Error(YamlNode node, string message) => new($"{file}:{node.Start.Line}:{node.Start.Column}: {message}");
    }
}
