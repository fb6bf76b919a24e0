using System.Net;
using System.Net.Sockets;

namespace Favorited.Benchmarks.Hosting;

/// <summary>
/// The processes under test, each on a free loopback port: the LiveKit emulator (for CreateRoom; its webhooks go
/// nowhere, the benchmark sends its own), the Api, the webhook worker, and the bare endpoint. They run as in production
/// (Production environment, Release build, warnings-only logs), with the rate limits raised out of the way.
/// </summary>
public sealed class ServiceStack : IDisposable
{
    public const string ApiKey = "devkey";
    public const string ApiSecret = "secret";

    private const string SseMaxConnections = "1000000";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly BenchmarkEnvironment _environment;

    private ServiceStack(BenchmarkEnvironment environment, ServiceProcess emulator, ServiceProcess api, ServiceProcess bare)
    {
        _environment = environment;
        Emulator = emulator;
        Api = api;
        Bare = bare;
    }

    public ServiceProcess Emulator { get; }
    public ServiceProcess Api { get; }
    public ServiceProcess Bare { get; }
    public ServiceProcess? Worker { get; private set; }

    public IPEndPoint ApiEndPoint => EndPointOf(Api);
    public IPEndPoint BareEndPoint => EndPointOf(Bare);
    public IPEndPoint EmulatorEndPoint => EndPointOf(Emulator);

    public static async Task<ServiceStack> StartAsync(BenchmarkEnvironment environment)
    {
        using (var migrator = ServiceProcess.Start("migrator", RepositoryLayout.Dll("Favorited.MigrationService"), "", Common(environment)))
        {
            await migrator.WaitForSuccessAsync(StartTimeout);
        }

        var emulator = ServiceProcess.Start("emulator", RepositoryLayout.Dll("tools/Favorited.LiveKitEmulator"), FreeUrl(),
            new Dictionary<string, string>(Production) { ["Emulator__ApiKey"] = ApiKey, ["Emulator__ApiSecret"] = ApiSecret });
        var api = ServiceProcess.Start("api", RepositoryLayout.Dll("Favorited.Api"), FreeUrl(),
            WithOverrides(Services(environment, emulator.Url), "API"));
        // The bare endpoint takes the Api's connection limit, which follows Sse:MaxConnections.
        var bare = ServiceProcess.Start("bare endpoint", RepositoryLayout.Dll("bench/Favorited.BareEndpoint"), FreeUrl(),
            new Dictionary<string, string>(Production) { ["Sse__MaxConnections"] = SseMaxConnections });
        var stack = new ServiceStack(environment, emulator, api, bare);
        try
        {
            await Task.WhenAll(emulator.WaitHealthyAsync("/", StartTimeout), api.WaitHealthyAsync("/health", StartTimeout),
                bare.WaitHealthyAsync("/health", StartTimeout));
            return stack;
        }
        catch
        {
            stack.Dispose();
            throw;
        }
    }

    public async Task StartWorkerAsync()
    {
        var environment = Services(_environment, Emulator.Url);
        // The benchmark sends webhooks of its own, so the emulator's rooms have nobody in them: reconciliation (which
        // takes who is connected from LiveKit) would rightly empty every room. It runs once at start, before any room.
        environment["Jobs__ReconciliationInterval"] = "01:00:00";
        // One name for every worker the suite starts, as an AppHost replica keeps its own: a later one resumes what an
        // earlier one left pending.
        environment["Webhooks__ConsumerName"] = "webhookworker-0";
        Worker = ServiceProcess.Start("worker", RepositoryLayout.Dll("Favorited.WebhookWorker"), FreeUrl(), WithOverrides(environment, "WORKER"));
        await Worker.WaitHealthyAsync("/health", StartTimeout);
    }

    public void StopWorker()
    {
        Worker?.Dispose();
        Worker = null;
    }

    /// <summary>Fails with the process's output when one of the services has died.</summary>
    public void EnsureRunning()
    {
        foreach (var service in new[] { Emulator, Api, Bare, Worker })
        {
            if (service is { HasExited: true })
            {
                throw new InvalidOperationException($"The {service.Name} exited. Its output:\n{service.Output}");
            }
        }
    }

    public void Dispose()
    {
        Worker?.Dispose();
        Api.Dispose();
        Bare.Dispose();
        Emulator.Dispose();
    }

    private static readonly Dictionary<string, string> Production = new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static Dictionary<string, string> Common(BenchmarkEnvironment environment) => new(Production)
    {
        ["ConnectionStrings__favorited"] = environment.PostgresConnectionString("favorited"),
        ["ConnectionStrings__redis"] = environment.RedisConfiguration,
    };

    /// <summary>
    /// Extra settings for one service, for experiments: <c>FAVORITED_BENCH_API_X=1</c> gives the Api <c>X=1</c>
    /// (likewise <c>FAVORITED_BENCH_WORKER_</c>), e.g. a runtime knob tried before it goes into the product.
    /// </summary>
    private static Dictionary<string, string> WithOverrides(Dictionary<string, string> settings, string service)
    {
        var prefix = $"FAVORITED_BENCH_{service}_";
        foreach (System.Collections.DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string key && key.StartsWith(prefix, StringComparison.Ordinal))
            {
                settings[key[prefix.Length..]] = (string)variable.Value!;
            }
        }
        return settings;
    }

    private static Dictionary<string, string> Services(BenchmarkEnvironment environment, string liveKitUrl) => new(Common(environment))
    {
        ["LiveKit__Url"] = liveKitUrl,
        ["LiveKit__ApiKey"] = ApiKey,
        ["LiveKit__ApiSecret"] = ApiSecret,
        // The defaults (the original's 100 requests per 15 min per IP or user, and 20 sign-ins or guest identities per
        // 15 min per IP) would stop a load test after a few requests.
        ["RateLimits__General__PermitLimit"] = "1000000000",
        ["RateLimits__Write__PermitLimit"] = "1000000000",
        ["RateLimits__Create__PermitLimit"] = "1000000000",
        ["RateLimits__Identity__PermitLimit"] = "1000000000",
        // Chat's own limit is per user and stream (5 per 5 s); the chat phase's authors post far faster.
        ["Chat__MessagesPerWindow"] = "1000000",
        // The SSE phase opens every subscriber from this one address, more than one client may hold (20) and, at its top
        // level, near the 25,000 one process allows; Kestrel's connection limit follows Sse__MaxConnections.
        ["Sse__MaxConnectionsPerClient"] = "1000000",
        ["Sse__MaxConnections"] = SseMaxConnections,
    };

    private static string FreeUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    private static IPEndPoint EndPointOf(ServiceProcess service) => new(IPAddress.Loopback, new Uri(service.Url).Port);
}
