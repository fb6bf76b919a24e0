using System.Net.Sockets;
using System.Text;
using Favorited.LocalServers;

namespace Favorited.Testing;

/// <summary>
/// A throwaway Redis server on a free loopback port, without persistence unless asked. It can be stopped and started
/// again on the same port, to test what the services do while Redis is away.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("favorited-redis-").FullName;
    private ChildProcess? _process;

    private readonly IReadOnlyList<string> _moreArguments;

    private RedisServer(int port, IReadOnlyList<string> moreArguments)
    {
        Port = port;
        _moreArguments = moreArguments;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    private const int DatabaseCount = 1000;
    private int _lastDatabase;

    /// <summary>
    /// A connection string to a Redis database no one else uses, so the fixed keys (the webhook stream, its
    /// consumer group, the throttle) of one test cannot meet another's. Pub/sub channels stay shared.
    /// </summary>
    public string NewDatabaseConnectionString()
    {
        var database = Interlocked.Increment(ref _lastDatabase);
        if (database >= DatabaseCount)
        {
            throw new InvalidOperationException($"All {DatabaseCount} Redis databases are in use.");
        }
        return $"{ConnectionString},defaultDatabase={database}";
    }

    /// <param name="moreArguments">More <c>redis-server</c> arguments; they win over the defaults (e.g. persistence).</param>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default, IReadOnlyList<string>? moreArguments = null)
    {
        var server = new RedisServer(FreeTcpPort.Next(), moreArguments ?? []);
        try
        {
            await server.RestartAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server, as a crash or an outage would.</summary>
    public void Stop()
    {
        _process?.Dispose();
        _process = null;
    }

    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        Stop();
        _process = ChildProcess.Start(ServerBinaries.RedisServer(),
        [
            "--port", Port.ToString(), "--databases", DatabaseCount.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", _directory, "--protected-mode", "no", .. _moreArguments,
        ]);
        await WaitUntilReadyAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        TemporaryDirectory.TryDelete(_directory);
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited during start-up:\n{_process.Output}");
            }
            if (await AnswersPingAsync(cancellationToken))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"redis-server did not answer PING on port {Port}:\n{_process.Output}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
