namespace Favorited.AppHost.LocalServers;

/// <summary>
/// A PostgreSQL server run as a process of the machine's own server program, with a connection string like the
/// container's (<c>AddPostgres</c>), so that <c>WithReference</c> works the same for both: user <c>postgres</c> with a
/// password (see <see cref="ServerPassword"/>), on 127.0.0.1 only and without a socket file.
/// </summary>
internal sealed class PostgresProcessResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => field ??= new(this, ServerProcessExtensions.EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={Password}");
}
