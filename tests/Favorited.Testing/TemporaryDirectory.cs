namespace Favorited.Testing;

internal static class TemporaryDirectory
{
    public static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary directory is not worth failing a test run for.
        }
    }
}
