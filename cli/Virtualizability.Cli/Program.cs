using Virtualizability.Cli;

return VirtCommandLine.Run(args, Console.Out, Console.Error);
