using System.Reflection;

namespace Favorited.Benchmarks.Hosting;

/// <summary>Where the services' build outputs are: each project's own output folder, in this benchmark's configuration.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>Release or Debug: whatever this benchmark was built as (bench.sh builds everything alike).</summary>
    public static string Configuration { get; } =
        typeof(RepositoryLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <param name="project">The project's path from the root, e.g. <c>Favorited.Api</c> or <c>tools/Favorited.LiveKitEmulator</c>.</param>
    public static string Dll(string project)
    {
        var name = Path.GetFileName(project);
        var dll = Path.Combine(Root, project, "bin", Configuration, "net10.0", $"{name}.dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"{dll} is missing: build first (./bench.sh does: dotnet build Favorited.Local.slnf -c {Configuration}).");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Favorited.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Favorited.sln above {AppContext.BaseDirectory}.");
    }
}
