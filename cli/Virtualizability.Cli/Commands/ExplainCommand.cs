using System.CommandLine;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Solving;

namespace Virtualizability.Cli.Commands;

/// <summary>
/// `virt explain FILE INSTRUCTION`: one instruction analysed alone — every property with its answer, the
/// question asked (and with --formulas the formula, as SMT-LIB), each witness as a table of its states,
/// and the spec lines that define it.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(CommandIo io)
    {
        var shared = new AnalyzeOptions();
        var instruction = new Argument<string>("INSTRUCTION") { Description = "the instruction's name in the spec (as in the report's first column)" };
        var formulas = new Option<bool>("--formulas") { Description = "print each query as SMT-LIB, as Z3 was asked it" };
        var command = new Command("explain", "Explain one instruction's classification: properties, questions, witnesses and its spec lines");
        shared.AddTo(command);
        command.Arguments.Add(instruction);
        command.Options.Add(formulas);
        command.SetAction(parse => Run(parse, shared, parse.GetValue(instruction)!, parse.GetValue(formulas), io));
        return command;
    }

    private static int Run(ParseResult parse, AnalyzeOptions shared, string name, bool withFormulas, CommandIo io)
    {
        if (AnalysisRun.Load(parse.GetValue(shared.File)!, io.Error) is not { } spec)
        {
            return ExitCodes.BadInput;
        }

        if (spec.FindInstruction(name) is null)
        {
            var near = spec.Instructions.Select(i => i.Name).Where(n => n.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(n, StringComparison.OrdinalIgnoreCase)).Take(5).ToList();
            var hint = near.Count > 0 ? $"; did you mean {string.Join(", ", near)}?" : "; `virt analyze` lists them";
            return io.Fail(ExitCodes.BadInput, $"{spec.Name} has no instruction '{name}'{hint}");
        }

        if (shared.Read(parse, io, new HashSet<string>(StringComparer.Ordinal) { name }) is not { } options)
        {
            return ExitCodes.BadInput;
        }

        if ((shared.CheckGuest(parse, spec) ?? shared.CheckSmt2(parse)) is { } problem)
        {
            return io.Fail(ExitCodes.BadInput, problem);
        }

        // The formulas are turned into text while their context is alive, inside the query.
        var asked = new List<(string Query, string Formula)>();
        var prefix = $"{spec.Name}.{name}.";
        var limits = options.EffectiveLimits with
        {
            Observer = (query, formula) =>
            {
                if (query.StartsWith(prefix, StringComparison.Ordinal))
                {
                    lock (asked)
                    {
                        asked.Add((query[prefix.Length..], withFormulas ? formula.ToString() : ""));
                    }
                }
            },
        };
        var (result, exit) = AnalysisRun.Classify(spec, options with { Limits = limits }, io, showProgress: false);
        if (result is null)
        {
            return exit;
        }

        var classified = result.Instructions.Single();
        ExplainText.Write(spec, result, classified, asked, withFormulas, io.Output);
        return classified.Class == InstructionClass.Unknown ? ExitCodes.Unknown : ExitCodes.Success;
    }
}
