using GosChat.Bench;

// Load and latency benchmark: the real server on Kestrel at 127.0.0.1, real WebSockets, the same workload on the
// embedded store and on a real redis-server, reported as ratios measured in one run (bench/results-load.md; bench/results.md is the relay-capacity report).
var options = BenchOptions.Parse(args);
var report = await LoadBenchmark.RunAsync(options);
Console.WriteLine(report);
var path = options.Output ?? Path.Combine(GosChat.TestSupport.Server.RepositoryPaths.Root, "bench", "results-load.md");
await File.WriteAllTextAsync(path, report);
Console.WriteLine($"Written to {path}");
