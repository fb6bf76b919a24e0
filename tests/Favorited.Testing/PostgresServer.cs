using Favorited.LocalServers;
using Npgsql;

namespace Favorited.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster on a free loopback port, in a temporary directory. When the tests
/// run as root (as CI does) the server runs as the <c>postgres</c> user of Debian's package, because
/// PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private const UnixFileMode AllCanReadWriteSearch =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
    private readonly string _rootDirectory;
    private ChildProcess? _process;

    private PostgresServer(string rootDirectory, int port)
    {
        _rootDirectory = rootDirectory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var bin = ServerBinaries.PostgresBinDirectory();
        var root = Directory.CreateTempSubdirectory("favorited-pg-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // The postgres user must be able to create the data directory inside.
            File.SetUnixFileMode(root, AllCanReadWriteSearch);
        }
        var server = new PostgresServer(root, FreeTcpPort.Next());
        try
        {
            var dataDirectory = Path.Combine(root, "data");
            var initdb = ServerBinaries.AsPostgresUser(Path.Combine(bin, "initdb"));
            await ChildProcess.RunAsync(initdb.Command,
                [.. initdb.Arguments, "-D", dataDirectory, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"],
                cancellationToken);

            await server.RestartAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Shuts the server down the way a restart does (a fast shutdown: sessions are ended, what was committed is written).
    /// Clients then fail to connect until <see cref="RestartAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        await _process.InterruptAsync(TimeSpan.FromSeconds(30));
        _process = null;
    }

    /// <summary>Starts the server (again), on the same port with the same data; a killed server recovers first.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        var postgres = ServerBinaries.AsPostgresUser(Path.Combine(ServerBinaries.PostgresBinDirectory(), "postgres"));
        _process = ChildProcess.Start(postgres.Command,
        [
            .. postgres.Arguments, "-D", Path.Combine(_rootDirectory, "data"), "-p", Port.ToString(),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=300",
        ]);
        await WaitUntilReadyAsync(cancellationToken);
    }

    public string ConnectionString(string database, bool pooling = true) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
        Pooling = pooling,
        IncludeErrorDetail = true,
    }.ConnectionString;

    /// <summary>Runs SQL against the <c>postgres</c> maintenance database, outside any pool.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres", pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _process?.Dispose();
        NpgsqlConnection.ClearAllPools();
        TemporaryDirectory.TryDelete(_rootDirectory);
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"PostgreSQL exited during start-up:\n{_process.Output}");
            }
            try
            {
                await ExecuteAsync("SELECT 1", cancellationToken);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
