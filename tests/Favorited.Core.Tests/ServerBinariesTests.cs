using Favorited.LocalServers;
using Favorited.Testing;

namespace Favorited.Core.Tests;

/// <summary>Without the server programs the suites must fail with the way out, never skip.</summary>
public sealed class ServerBinariesTests
{
    [Fact]
    public void MissingPostgresFailsWithTheInstallCommand()
    {
        var empty = Directory.CreateTempSubdirectory().FullName;

        var error = Assert.Throws<InvalidOperationException>(() => ServerBinaries.PostgresBinDirectory(empty));

        Assert.Contains("apt-get install -y postgresql redis-server", error.Message);
        Assert.Contains(empty, error.Message);
    }

    [Fact]
    public void MissingRedisFailsWithTheInstallCommand()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServerBinaries.RedisServer(["/nonexistent/redis-server"]));

        Assert.Contains("apt-get install -y postgresql redis-server", error.Message);
    }

    [Fact]
    public void FindsTheNewestInstalledPostgres()
    {
        var root = Directory.CreateTempSubdirectory().FullName;
        foreach (var major in new[] { "9", "15", "13" })
        {
            var bin = Directory.CreateDirectory(Path.Combine(root, major, "bin")).FullName;
            File.WriteAllText(Path.Combine(bin, "postgres"), "");
            File.WriteAllText(Path.Combine(bin, "initdb"), "");
        }

        Assert.Equal(Path.Combine(root, "15", "bin"), ServerBinaries.PostgresBinDirectory(root));
    }
}
