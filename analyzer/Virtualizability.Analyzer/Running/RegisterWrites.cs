using System.Collections.Immutable;
using Virtualizability.Analyzer.Semantics;

namespace Virtualizability.Analyzer.Running;

/// <summary>
/// Which registers a body may write (a register operand counts as every register of its group), and
/// whether it writes memory: what a program run needs to know about an instruction before it runs it
/// (does it end a block by writing the PC, can it change what the halted condition reads).
/// </summary>
public sealed class RegisterWrites
{
    private RegisterWrites(bool[] registers, bool memory) => (Registers, Memory) = (registers, memory);

    public bool[] Registers { get; }

    public bool Memory { get; }

    public static RegisterWrites Of(BoundBody body, int registerCount)
    {
        var registers = new bool[registerCount];
        var memory = false;
        var pending = new Stack<ImmutableArray<BoundStmt>>();
        pending.Push(body.Statements);
        while (pending.Count > 0)
        {
            foreach (var statement in pending.Pop())
            {
                switch (statement)
                {
                    case AssignRegister assign:
                        registers[assign.Register] = true;
                        break;
                    case AssignRegisterOperand assign:
                        foreach (var register in assign.Registers)
                        {
                            registers[register] = true;
                        }

                        break;
                    case MemoryWrite:
                        memory = true;
                        break;
                    case IfBound branch:
                        pending.Push(branch.Then);
                        pending.Push(branch.Else);
                        break;
                    case LetBound or TrapBound:
                        break;
                    default:
                        throw new InvalidOperationException($"unknown statement {statement.GetType().Name}");
                }
            }
        }

        return new RegisterWrites(registers, memory);
    }
}
