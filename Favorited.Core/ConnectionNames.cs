namespace Favorited.Core;

/// <summary>
/// Connection-string names, equal to the resource names in the AppHost, so that
/// <c>ConnectionStrings__favorited</c> and <c>ConnectionStrings__redis</c> injected by Aspire are found.
/// </summary>
public static class ConnectionNames
{
    public const string Database = "favorited";
    public const string Redis = "redis";
}
