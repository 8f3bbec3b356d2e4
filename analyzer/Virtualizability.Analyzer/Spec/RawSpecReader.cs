using Virtualizability.Analyzer.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Virtualizability.Analyzer.Spec;

/// <summary>Reads a spec file, follows its <c>extends</c> chain and merges it into one <see cref="RawSpec"/>.</summary>
public static class RawSpecReader
{
    public static readonly string[] VmmKeys =
    [
        "guest_supervisor_mode", "guest_supervisor_mode_choices", "guest_user_mode", "keeps",
        "mode_map", "allocates", "passthrough", "reserved_memory", "memory_assumption", "controls", "virtual_state",
    ];

    public static RawSpec? Read(string path, DiagnosticBag diagnostics) =>
        ReadFile(path, Path.GetFullPath(path), new NodeReader(diagnostics), [], null);

    private static RawSpec? ReadFile(string displayPath, string fullPath, NodeReader reader, List<string> chain, Node? extendsNode)
    {
        var file = LoadFile(displayPath, fullPath, reader.Diagnostics, extendsNode);
        if (file is null)
        {
            return null;
        }

        var root = new Node(file.Value.Root, file.Value.Source);
        var entries = reader.Mapping(root, "the ISA description", RawSpec.TopLevelKeys, []);
        if (entries is null)
        {
            return null;
        }

        var raw = new RawSpec { File = file.Value.Source, Root = root };
        if (entries.ContainsKey("extends"))
        {
            // Without its base a variant would only add noise: every name it uses would be unknown.
            if (ReadBase(entries, fullPath, reader, chain) is not { } baseSpec)
            {
                return null;
            }

            raw.MergedWith(baseSpec);
        }

        Overlay(raw, entries, reader);
        return raw;
    }

    private static RawSpec? ReadBase(Dictionary<string, (Node Key, Node Value)> entries, string fullPath, NodeReader reader, List<string> chain)
    {
        if (!entries.TryGetValue("extends", out var extends) || reader.String(extends.Value, "the path of the spec this one extends") is not { } relative)
        {
            return null;
        }

        var basePath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(fullPath)!, relative));
        var newChain = chain.Append(fullPath).ToList();
        if (newChain.Contains(basePath))
        {
            var cycle = string.Join(" -> ", newChain.SkipWhile(p => p != basePath).Append(basePath).Select(Path.GetFileName));
            reader.Error(extends.Value, $"extends cycle: {cycle}");
            return null;
        }

        var display = Path.Combine(Path.GetDirectoryName(extends.Value.File.DisplayPath) ?? "", relative);
        return ReadFile(display, basePath, reader, newChain, extends.Value);
    }

    private static (SourceFile Source, YamlNode Root)? LoadFile(string displayPath, string fullPath, DiagnosticBag diagnostics, Node? extendsNode)
    {
        var location = extendsNode?.Location ?? new SourceLocation(displayPath, 0, 0);
        if (!File.Exists(fullPath))
        {
            var why = Directory.Exists(fullPath) ? "it is a folder; expected a YAML file" : "file not found";
            diagnostics.Add(location, $"cannot read spec '{displayPath}': {why}");
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(location, $"cannot read spec '{displayPath}': {e.Message}");
            return null;
        }

        if (SpecText.Decode(bytes, displayPath, diagnostics) is not { } text)
        {
            return null;
        }

        var source = new SourceFile(displayPath, fullPath, text.Split('\n'));
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlNestingException e)
        {
            diagnostics.Add(source.At(e.Start), e.Message);
            return null;
        }
        catch (YamlException e)
        {
            diagnostics.Add(source.At(e.Start), $"malformed YAML: {YamlMessage(e)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            diagnostics.Add(source.At(parser.LastGood), "malformed YAML after this point: check for an unclosed bracket, brace or quote");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            diagnostics.Add(new SourceLocation(displayPath, 1, 1), "the file is empty: expected an ISA description (isa, state, modes, vmm, instructions, ...)");
            return null;
        }

        return (source, stream.Documents[0].RootNode);
    }

    // YamlDotNet prefixes its messages with the position, which we print in our own format already.
    private static string YamlMessage(YamlException e)
    {
        var message = (e.InnerException as YamlException)?.Message ?? e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && close > 0 ? message[(close + 3)..] : message;
    }

    private static RawSpec MergedWith(this RawSpec target, RawSpec source)
    {
        foreach (var (key, value) in source.Plain.Where(p => p.Key != "extends"))
        {
            target.Plain[key] = value;
        }

        target.State.CopyFrom(source.State);
        target.Modes.CopyFrom(source.Modes);
        target.Instructions.CopyFrom(source.Instructions);
        target.Traps.CopyFrom(source.Traps);
        target.RegisterGroups.CopyFrom(source.RegisterGroups);
        foreach (var (key, value) in source.Vmm)
        {
            target.Vmm[key] = value;
        }

        return target;
    }

    private static void Overlay(RawSpec raw, Dictionary<string, (Node Key, Node Value)> entries, NodeReader reader)
    {
        foreach (var (key, (keyNode, value)) in entries)
        {
            switch (key)
            {
                case "state": OverlayList(raw.State, value, reader, "state element"); break;
                case "modes": OverlayList(raw.Modes, value, reader, "mode"); break;
                case "instructions": OverlayList(raw.Instructions, value, reader, "instruction"); break;
                case "traps": OverlayMap(raw.Traps, value, reader, "trap kind"); break;
                case "register_groups": OverlayMap(raw.RegisterGroups, value, reader, "register group"); break;
                case "vmm": OverlayVmm(raw, value, reader); break;
                default: raw.Plain[key] = (keyNode, value); break;
            }
        }
    }

    private static void OverlayList(NamedCollection collection, Node list, NodeReader reader, string what)
    {
        var seen = new HashSet<string>();
        foreach (var entry in reader.Sequence(list, $"the {what}s"))
        {
            var nameNode = (entry.Yaml as YamlMappingNode)?.Children
                .FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == "name").Value;
            if (nameNode is null)
            {
                reader.Error(entry, $"each {what} needs a 'name'");
                continue;
            }

            var name = new Node(nameNode, entry.File);
            if (reader.String(name, $"the name of {(what.StartsWith('i') ? "an" : "a")} {what}") is not { } text)
            {
                continue;
            }

            if (!seen.Add(text))
            {
                reader.Error(name, $"duplicate {what} name '{text}': each {what} is declared once per file");
                continue;
            }

            collection.Set(text, name, entry);
        }
    }

    private static void OverlayMap(NamedCollection collection, Node map, NodeReader reader, string what)
    {
        foreach (var (name, key, value) in reader.NamedEntries(map, $"the {what}s"))
        {
            collection.Set(name, key, value);
        }
    }

    private static void OverlayVmm(RawSpec raw, Node value, NodeReader reader)
    {
        var entries = reader.Mapping(value, "vmm", VmmKeys, []);
        foreach (var (key, entry) in entries ?? [])
        {
            raw.Vmm[key] = entry;
        }
    }
}
