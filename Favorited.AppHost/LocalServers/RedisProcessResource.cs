namespace Favorited.AppHost.LocalServers;

/// <summary>
/// A Redis server run as a process of the machine's own <c>redis-server</c>, with a connection string like the
/// container's (<c>AddRedis</c>), so that <c>WithReference</c> works the same for both: with a password (see
/// <see cref="ServerPassword"/>), on 127.0.0.1 only.
/// </summary>
internal sealed class RedisProcessResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => field ??= new(this, ServerProcessExtensions.EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)},password={Password}");
}
