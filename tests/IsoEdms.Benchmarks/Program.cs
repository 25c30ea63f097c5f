using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(IsoEdms.Benchmarks.DeadlineBenchmarks).Assembly).Run(args);
