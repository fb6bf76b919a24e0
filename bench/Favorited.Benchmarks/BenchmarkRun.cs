using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Favorited.Benchmarks.Hosting;
using Favorited.Benchmarks.Load;
using Favorited.Benchmarks.Reporting;
using Npgsql;
using StackExchange.Redis;

namespace Favorited.Benchmarks;

/// <summary>What every phase works with: the services, PostgreSQL and Redis, the report, and the baselines measured so far.</summary>
public sealed class BenchmarkRun : IAsyncDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public BenchmarkRun(BenchmarkEnvironment environment, BenchmarkSettings settings, ServiceStack services, Report report)
    {
        Environment = environment;
        Settings = settings;
        Services = services;
        Report = report;
        Redis = ConnectionMultiplexer.Connect(environment.RedisConfiguration);
        Database = NpgsqlDataSource.Create(environment.PostgresConnectionString("favorited"));
        Api = new HttpClient { BaseAddress = new Uri(services.Api.Url), Timeout = TimeSpan.FromSeconds(60) };
        Webhooks = new Webhooks(services.ApiEndPoint, ServiceStack.ApiKey, ServiceStack.ApiSecret);
        Host = new HostAccount(Api, Tag);
    }

    public BenchmarkEnvironment Environment { get; }
    public BenchmarkSettings Settings { get; }
    public ServiceStack Services { get; }
    public Report Report { get; }
    public ConnectionMultiplexer Redis { get; }
    public NpgsqlDataSource Database { get; }
    public HttpClient Api { get; }
    public Webhooks Webhooks { get; }

    /// <summary>The account that creates every livestream of the run.</summary>
    public HostAccount Host { get; }

    /// <summary>Makes this run's ids (webhooks, rooms, users) unique even in a database that outlived an earlier run.</summary>
    public string Tag { get; } = Guid.NewGuid().ToString("N")[..6];

    /// <summary>Baselines measured earlier in this run, by name, for the figures that are read against them.</summary>
    public Dictionary<string, double> Baselines { get; } = [];

    public void Log(string message) => Console.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {message}");

    /// <summary>Runs a part of the benchmark; if it breaks, that is a problem and the other parts still run.</summary>
    public async Task PhaseAsync(string name, Func<Task> phase)
    {
        Log(name);
        try
        {
            Services.EnsureRunning();
            await phase();
        }
        catch (Exception ex)
        {
            Report.Problem($"{name} broke: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>Measures a piece of work's CPU use per process, reports it, and keeps it in the JSON details.</summary>
    public async Task<T> MeasureCpuAsync<T>(string key, Func<Task<T>> work) => (await MeasureCpuSharesAsync(key, work)).Result;

    /// <param name="skip">How long to wait before measuring (a load run's warm-up), while the work already runs.</param>
    /// <returns>The work's result and each process's CPU use in percent of one core (see <see cref="CpuMeter"/>).</returns>
    public async Task<(T Result, IReadOnlyDictionary<string, double> Shares)> MeasureCpuSharesAsync<T>(string key, Func<Task<T>> work,
        TimeSpan skip = default)
    {
        var meter = new CpuMeter(
        [
            ("api", () => ProcessMetrics.CpuSeconds(Services.Api.Pid)),
            ("worker", () => Services.Worker is { } worker ? ProcessMetrics.CpuSeconds(worker.Pid) : 0),
            ("bare", () => ProcessMetrics.CpuSeconds(Services.Bare.Pid)),
            ("postgres", () => ProcessMetrics.CpuSecondsWithChildren(Environment.PostgresPid)),
            ("redis", () => ProcessMetrics.CpuSeconds(Environment.RedisPid)),
            ("load generator", () => ProcessMetrics.CpuSeconds(System.Environment.ProcessId)),
        ]);
        var running = work();
        if (skip > TimeSpan.Zero)
        {
            await Task.WhenAny(running, Task.Delay(skip));
        }
        meter.Start();
        var result = await running;
        var shares = meter.Stop();
        Report.Detail($"cpu.{key}", shares);
        Console.WriteLine($"    CPU (% of one core): {CpuMeter.Describe(shares.Where(s => s.Value > 0).ToDictionary())}");
        return (result, shares);
    }

    /// <summary>
    /// Creates livestreams through the Api as the host (so rows, LiveKit rooms and live state exist) and returns their rooms.
    /// </summary>
    public async Task<IReadOnlyList<RoomRef>> CreateRoomsAsync(int count, string prefix)
    {
        var ids = new Guid[count];
        var accessToken = await Host.AccessTokenAsync();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/livestreams")
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) },
                Content = JsonContent.Create(new
                {
                    roomName = $"{prefix}-{Tag}-{i}",
                    title = $"Benchmark {prefix} {i}",
                    maxParticipants = 10_000,
                }),
            };
            using var response = await Api.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Creating a livestream answered {(int)response.StatusCode}: {body}");
            }
            ids[i] = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("id").GetGuid();
        });

        await using var command = Database.CreateCommand("SELECT id, room_name, livekit_room_sid FROM livestreams WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        var rooms = new Dictionary<Guid, RoomRef>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rooms[reader.GetGuid(0)] = new RoomRef(reader.GetGuid(0), reader.GetString(1), reader.GetString(2));
            }
        }
        return [.. ids.Select(id => rooms[id])];
    }

    /// <summary>The live state's counts as the Api serves them.</summary>
    public async Task<(int ViewerCount, int TotalViewers)> StateAsync(Guid streamId)
    {
        var data = (await Api.GetFromJsonAsync<JsonElement>($"/api/v1/livestreams/{streamId}/state")).GetProperty("data");
        return (data.GetProperty("viewerCount").GetInt32(), data.GetProperty("totalViewers").GetInt32());
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Database.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
