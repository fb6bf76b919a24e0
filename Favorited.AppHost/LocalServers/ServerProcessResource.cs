namespace Favorited.AppHost.LocalServers;

/// <summary>
/// A server run as a process of the machine's own program (PostgreSQL, Redis), with a connection string of the same
/// shape as its container's (<c>AddPostgres</c>, <c>AddRedis</c>), so that <c>WithReference</c> works the same for
/// both: a password (see <see cref="ServerPassword"/>), on 127.0.0.1 only.
/// </summary>
internal sealed class ServerProcessResource(string name, string command, string workingDirectory, ParameterResource password,
    Func<ServerProcessResource, ReferenceExpression> connectionString)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => field ??= new(this, ServerProcessExtensions.EndpointName);

    public ReferenceExpression ConnectionStringExpression => connectionString(this);
}
