using BenchmarkDotNet.Running;

// bench --scale small|medium|province [--out FILE.json]: the side-by-side run (Bench.cs); anything else: BenchmarkDotNet micro-benchmarks
if (args.FirstOrDefault() == "bench") return await IsoEdms.Benchmarks.Bench.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(IsoEdms.Benchmarks.DeadlineBenchmarks).Assembly).Run(args);
return 0;
