using BenchmarkDotNet.Running;

// BenchmarkSwitcher so that `-- --filter '*Concrete*'` (and every other BenchmarkDotNet option) works.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
