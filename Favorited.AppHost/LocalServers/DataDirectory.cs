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
        if (server == "postgres" && ServerPrograms.RunsAsPostgresUser && !OthersCanEnter(root))
        {
            var repository = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(root)))[..8];
            root = Path.Combine(SharedRoot, $"{Path.GetFileName(repository)}-{hash}");
        }
        return Path.Combine(root, server);
    }

    /// <summary>True when every existing folder on the way to <paramref name="path"/> lets other users pass.</summary>
    private static bool OthersCanEnter(string path)
    {
        for (var directory = new DirectoryInfo(path); directory is not null; directory = directory.Parent)
        {
            if (directory.Exists && !directory.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }
        return true;
    }
}
