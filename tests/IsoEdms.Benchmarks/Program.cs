using BenchmarkDotNet.Running;

if (args.FirstOrDefault() == "throughput") return await IsoEdms.Benchmarks.Throughput.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(IsoEdms.Benchmarks.DeadlineBenchmarks).Assembly).Run(args);
return 0;
