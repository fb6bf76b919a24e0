using Favorited.LocalServers;
using Microsoft.Extensions.Configuration;

namespace Favorited.AppHost.LocalServers;

/// <summary>
/// Where PostgreSQL and Redis run as processes keep their data between runs: <c>Favorited:DataDirectory</c>, by
/// default <c>.data</c> in the repository. As root, PostgreSQL runs as the <c>postgres</c> user, who cannot enter a
/// folder closed to others (a clone under <c>/root</c>): its data then goes to <c>/var/lib/favorited/…</c>, one
/// folder per repository.
/// </summary>
internal static class DataDirectory
{
    public const string ConfigurationKey = "Favorited:DataDirectory";
    private const string SharedRoot = "/var/lib/favorited";

    public static string For(IDistributedApplicationBuilder builder, string server)
    {
        var configured = builder.Configuration[ConfigurationKey];
        var root = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(builder.AppHostDirectory, "..", ".data")
            : configured, builder.AppHostDirectory);
        if (server == "postgres" && ServerBinaries.RunsAsPostgresUser && !OthersCanEnter(root))
        {
            var repository = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(root)))[..8];
            root = Path.Combine(SharedRoot, $"{Path.GetFileName(repository)}-{hash}");
        }
        return Path.Combine(root, server);
    }

    /// <summary>
    /// Creates the folder and any missing parents open to other users (whatever the umask), so the postgres user can
    /// pass through; the server's own folder is then closed by its set-up.
    /// </summary>
    public static void Create(string path)
    {
        var missing = new Stack<string>();
        for (var directory = new DirectoryInfo(Path.GetFullPath(path)); directory is not null && !directory.Exists; directory = directory.Parent)
        {
            missing.Push(directory.FullName);
        }
        foreach (var directory in missing)
        {
            Directory.CreateDirectory(directory);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, Open);
            }
        }
    }

    private const UnixFileMode Open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>
    /// True when every existing folder on the way to <paramref name="path"/> lets other users pass, links resolved (a
    /// link into a closed folder is as closed as the folder).
    /// </summary>
    private static bool OthersCanEnter(string path)
    {
        var existing = new DirectoryInfo(Path.GetFullPath(path));
        while (existing is not null && !existing.Exists)
        {
            existing = existing.Parent;
        }
        for (var directory = existing is null ? null : new DirectoryInfo(RealPath(existing.FullName)); directory is not null; directory = directory.Parent)
        {
            if (!directory.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The path with every link along it resolved.</summary>
    private static string RealPath(string path)
    {
        var real = "/";
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(real, part);
            real = new DirectoryInfo(next).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next;
        }
        return real;
    }
}
