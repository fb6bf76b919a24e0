namespace Favorited.AppHost.LocalServers;

/// <summary>
/// A Redis server run as a process of the machine's own <c>redis-server</c>, with a connection string like the
/// container's (<c>AddRedis</c>), so that <c>WithReference</c> works the same for both. It listens on 127.0.0.1 only.
/// </summary>
internal sealed class RedisProcessResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Endpoint => field ??= new(this, ServerProcessExtensions.EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}
