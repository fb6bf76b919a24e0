using Favorited.Benchmarks;
using Favorited.Benchmarks.Hosting;
using Favorited.Benchmarks.Phases;
using Favorited.Benchmarks.Reporting;

// Favorited's benchmark suite; run it with ./bench.sh (full) or ./bench.sh --smoke. Exits non-zero only when something is
// broken (an error answer, a wrong count, a lost event, a service that died), never because a target was missed.
BenchmarkEnvironment environment;
try
{
    environment = BenchmarkEnvironment.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
var mode = environment.Smoke ? "smoke" : "full";
var settings = environment.Smoke ? BenchmarkSettings.Smoke : BenchmarkSettings.Full;
var report = new Report(judged: !environment.Smoke);

Console.WriteLine($"Starting the services ({RepositoryLayout.Configuration} build, Production environment)");
using var services = await ServiceStack.StartAsync(environment);
await using var run = new BenchmarkRun(environment, settings, services, report);
var machine = MachineInfo.Read(await PostgresVersionAsync(run), RedisVersion(run));
Console.WriteLine(machine.Describe());
Console.WriteLine(machine.SharingNote);

if (environment.Runs("baselines"))
{
    await run.PhaseAsync("Baselines: redis-benchmark XADD, pgbench one-row INSERT", () => BaselinePhase.RunAsync(run));
}
if (environment.Runs("ingest"))
{
    await run.PhaseAsync("1. Webhook ingest (the worker is not running yet)", () => IngestPhase.RunAsync(run));
}
await run.PhaseAsync("Starting the webhook worker", () => services.StartWorkerAsync());
if (environment.Runs("bursts"))
{
    await run.PhaseAsync("2. End-to-end processing of webhook bursts", () => BurstPhase.RunAsync(run));
}
if (environment.Runs("sse"))
{
    await run.PhaseAsync("3. SSE fan-out", () => SsePhase.RunAsync(run));
}
if (environment.Runs("rest"))
{
    await run.PhaseAsync("4. REST: list, join, tokens", () => RestPhase.RunAsync(run));
}
if (environment.Runs("chat"))
{
    await run.PhaseAsync("5. Chat: posts stored, fan-out to one stream's subscribers", () => ChatPhase.RunAsync(run));
}
if (environment.Runs("moderation"))
{
    await run.PhaseAsync("6. Moderation: bans and unbans", () => ModerationPhase.RunAsync(run));
}
if (environment.Runs("analytics"))
{
    await run.PhaseAsync("7. Analytics: a 6-hour stream's figures, stored and live", () => AnalyticsPhase.RunAsync(run));
}
try
{
    services.EnsureRunning();
}
catch (InvalidOperationException ex)
{
    report.Problem(ex.Message);
}

Console.WriteLine(report.Table(machine, mode));
await report.WriteJsonAsync(environment.ResultsFile, machine, mode);
Console.WriteLine($"results: {environment.ResultsFile}");
return report.Problems.Count == 0 ? 0 : 1;

static async Task<string> PostgresVersionAsync(BenchmarkRun run) =>
    (string)(await run.Database.CreateCommand("SHOW server_version").ExecuteScalarAsync())!;

static string RedisVersion(BenchmarkRun run) =>
    run.Redis.GetServers()[0].Version.ToString();
