namespace Favorited.LocalServers;

/// <summary>
/// Finds the PostgreSQL and Redis server programs from Debian's packages. Tests never skip when they
/// are missing: they fail with the command that installs them.
/// </summary>
public static class ServerBinaries
{
    private const string InstallHint =
        "Install them with: sudo apt-get update && sudo apt-get install -y postgresql redis-server " +
        "(./run.sh and ./test.sh install what is missing).";

    public static string PostgresBinDirectory() => PostgresBinDirectory("/usr/lib/postgresql");

    public static string PostgresBinDirectory(string debianRoot)
    {
        var newest = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;

        return newest ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries (initdb, postgres) were not found under {debianRoot}. {InstallHint}");
    }

    public static string RedisServer() => RedisServer(["/usr/bin/redis-server", "/usr/local/bin/redis-server"]);

    public static string RedisServer(string[] candidates)
    {
        return candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            $"redis-server was not found ({string.Join(", ", candidates)}). {InstallHint}");
    }

    /// <summary>PostgreSQL refuses to run as root: as root, its programs run as the <c>postgres</c> user its package creates.</summary>
    public static bool RunsAsPostgresUser => Environment.IsPrivilegedProcess;

    /// <summary>A PostgreSQL program with its arguments as the user the server runs as (through <c>setpriv</c> as root).</summary>
    public static (string Command, string[] Arguments) AsPostgresUser(string program, params string[] arguments) =>
        RunsAsPostgresUser
            ? ("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", program, .. arguments])
            : (program, arguments);
}
