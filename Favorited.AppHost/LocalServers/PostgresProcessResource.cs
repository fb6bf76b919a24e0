namespace Favorited.AppHost.LocalServers;

/// <summary>
/// A PostgreSQL server run as a process of the machine's own server program, with a connection string like the
/// container's (<c>AddPostgres</c>), so that <c>WithReference</c> works the same for both. Trust authentication on
/// loopback only: the server listens on 127.0.0.1 and no socket file.
/// </summary>
internal sealed class PostgresProcessResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Endpoint => field ??= new(this, ServerProcessExtensions.EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres");
}
