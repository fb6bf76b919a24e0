using System.Security.Cryptography;

namespace Favorited.AppHost.LocalServers;

/// <summary>
/// The password of a server run as a process, kept in a file beside its data and readable by its owner only: it lives
/// exactly as long as the data it protects (a new data folder gets a new password, a kept one keeps its own), which a
/// password in user secrets would not.
/// </summary>
internal static class ServerPassword
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static IResourceBuilder<ParameterResource> AddServerPassword(this IDistributedApplicationBuilder builder, string server, string file) =>
        builder.AddParameter($"{server}-password", () => ReadOrCreate(file), secret: true);

    /// <summary>Writes a file only its owner can read, from its creation on (a secret is never readable by others, even briefly).</summary>
    public static void WritePrivate(string file, string content, FileMode mode = FileMode.Create)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(file, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string ReadOrCreate(string file)
    {
        if (!File.Exists(file))
        {
            DataDirectory.Create(Path.GetDirectoryName(file)!);
            try
            {
                WritePrivate(file, RandomNumberGenerator.GetString(Alphabet, 32), FileMode.CreateNew);
            }
            catch (IOException) when (File.Exists(file))
            {
                // Created meanwhile by another reader of the same parameter.
            }
        }
        return File.ReadAllText(file).Trim();
    }
}
