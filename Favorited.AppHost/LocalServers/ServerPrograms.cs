namespace Favorited.AppHost.LocalServers;

/// <summary>
/// The PostgreSQL and Redis server programs of the machine's own packages (Debian's <c>postgresql</c> and
/// <c>redis-server</c>), which the AppHost runs as processes where no container runtime exists.
/// </summary>
internal static class ServerPrograms
{
    private const string PostgresRoot = "/usr/lib/postgresql";

    /// <summary>PostgreSQL refuses to run as root: as root, its programs run as the <c>postgres</c> user its package creates.</summary>
    public static bool RunsAsPostgresUser => Environment.IsPrivilegedProcess;

    /// <summary>The newest PostgreSQL's <c>bin</c> folder, e.g. <c>/usr/lib/postgresql/15/bin</c>.</summary>
    public static string PostgresBinDirectory()
    {
        var newest = Directory.Exists(PostgresRoot)
            ? Directory.GetDirectories(PostgresRoot)
                .Where(version => File.Exists(Path.Combine(version, "bin", "postgres")))
                .OrderByDescending(version => int.TryParse(Path.GetFileName(version), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return newest is not null
            ? Path.Combine(newest, "bin")
            : throw new InvalidOperationException(
                $"No PostgreSQL server under {PostgresRoot}. Install it with: apt-get install postgresql (./run.sh does).");
    }

    public static string RedisServer() => FindOnPath("redis-server")
        ?? throw new InvalidOperationException("redis-server is not on PATH. Install it with: apt-get install redis-server (./run.sh does).");

    /// <summary>Runs a PostgreSQL program as the user the server runs as: the arguments for <c>setpriv</c> as root.</summary>
    public static (string Command, string[] Arguments) AsPostgresUser(string program, params string[] arguments) =>
        RunsAsPostgresUser
            ? ("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", program, .. arguments])
            : (program, arguments);

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
