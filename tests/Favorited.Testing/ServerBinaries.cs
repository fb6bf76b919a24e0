namespace Favorited.Testing;

/// <summary>
/// Finds the PostgreSQL and Redis server programs from Debian's packages. Tests never skip when they
/// are missing: they fail with the command that installs them.
/// </summary>
public static class ServerBinaries
{
    private const string InstallHint =
        "Install them with: sudo apt-get update && sudo apt-get install -y postgresql redis-server " +
        "(or run ./test.sh, which installs what is missing).";

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
}
