using Favorited.LocalServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Favorited.AppHost.LocalServers;

internal static class PostgresProcessExtensions
{
    /// <summary>
    /// PostgreSQL as a process of the machine's own server program, its cluster in <see cref="DataDirectory"/> (created
    /// on first start, with password authentication; a server a killed run left behind is stopped first), with a health
    /// check like <c>AddPostgres</c>'s. A cluster an older run created with trust authentication keeps it.
    /// </summary>
    public static IResourceBuilder<ServerProcessResource> AddPostgresProcess(this IDistributedApplicationBuilder builder, string name)
    {
        var bin = ServerBinaries.PostgresBinDirectory();
        var data = DataDirectory.For(builder, name);
        var (command, arguments) = ServerBinaries.AsPostgresUser(Path.Combine(bin, "postgres"));
        var password = builder.AddServerPassword(name, $"{data}.password");
        var resource = new ServerProcessResource(name, command, builder.AppHostDirectory, password.Resource, server => ReferenceExpression.Create(
            $"Host={server.Endpoint.Property(EndpointProperty.Host)};Port={server.Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={server.Password}"));

        return builder.AddServerProcess(resource, (logger, ct) => PrepareClusterAsync(bin, data, password.Resource, logger, ct),
                (checks, connectionString, key) => checks.AddNpgSql(connectionString, name: key))
            .WithArgs(context =>
            {
                foreach (var argument in arguments)
                {
                    context.Args.Add(argument);
                }
                context.Args.Add("-D");
                context.Args.Add(data);
                context.Args.Add("-p");
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-c");
                context.Args.Add("listen_addresses=127.0.0.1");
                context.Args.Add("-c");
                context.Args.Add("unix_socket_directories=");
            });
    }

    private static async Task PrepareClusterAsync(string bin, string data, ParameterResource password, ILogger logger,
        CancellationToken cancellationToken)
    {
        DataDirectory.Create(data);
        if (ServerBinaries.RunsAsPostgresUser)
        {
            // Recursive: a cluster created by a run as another user is taken over too.
            await SetupCommand.RunAsync(logger, "chown", ["-R", "postgres:postgres", data], cancellationToken);
        }
        // PostgreSQL refuses a data folder that others can read.
        await SetupCommand.RunAsync(logger, "chmod", ["700", data], cancellationToken);

        if (SetupCommand.StillRunning(Path.Combine(data, "postmaster.pid"), "postgres", data) is { } stale)
        {
            logger.LogWarning("Stopping PostgreSQL process {Pid}, left running on {Data} by an earlier run", stale.Id, data);
            var (stop, stopArguments) = ServerBinaries.AsPostgresUser(Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop");
            try
            {
                await SetupCommand.RunAsync(logger, stop, stopArguments, cancellationToken);
            }
            catch (InvalidOperationException) when (!File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                // It stopped on its own meanwhile.
            }
        }

        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            logger.LogInformation("Creating a PostgreSQL cluster in {Data}", data);
            // initdb reads the superuser's password from a file, as the user it runs as.
            var passwordFile = $"{data}.initdb";
            ServerPassword.WritePrivate(passwordFile, await password.GetValueAsync(cancellationToken) ?? "");
            try
            {
                if (ServerBinaries.RunsAsPostgresUser)
                {
                    await SetupCommand.RunAsync(logger, "chown", ["postgres:postgres", passwordFile], cancellationToken);
                }
                var (initdb, initdbArguments) = ServerBinaries.AsPostgresUser(Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres",
                    "--auth=scram-sha-256", $"--pwfile={passwordFile}", "--encoding=UTF8", "--no-instructions");
                await SetupCommand.RunAsync(logger, initdb, initdbArguments, cancellationToken);
            }
            finally
            {
                File.Delete(passwordFile);
            }
        }
        logger.LogInformation("PostgreSQL keeps its data in {Data}", data);
    }
}
