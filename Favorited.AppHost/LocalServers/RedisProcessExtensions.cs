using Favorited.LocalServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Favorited.AppHost.LocalServers;

internal static class RedisProcessExtensions
{
    /// <summary>
    /// Redis as a process of the machine's own <c>redis-server</c>, persisting to an append-only file in
    /// <see cref="DataDirectory"/> that is on disk before a write is answered (<see cref="RedisDurability"/>), its password in a configuration file there (a server a killed run left behind is
    /// stopped first), with a health check like <c>AddRedis</c>'s.
    /// </summary>
    public static IResourceBuilder<ServerProcessResource> AddRedisProcess(this IDistributedApplicationBuilder builder, string name)
    {
        var data = DataDirectory.For(builder, name);
        var pidFile = Path.Combine(data, "redis.pid");
        var configFile = Path.Combine(data, "redis.conf");
        var password = builder.AddServerPassword(name, $"{data}.password");
        var resource = new ServerProcessResource(name, ServerBinaries.RedisServer(), builder.AppHostDirectory, password.Resource, server => ReferenceExpression.Create(
            $"{server.Endpoint.Property(EndpointProperty.Host)}:{server.Endpoint.Property(EndpointProperty.Port)},password={server.Password}"));

        return builder.AddServerProcess(resource, (logger, ct) => PrepareAsync(data, pidFile, configFile, password.Resource, logger, ct),
                (checks, connectionString, key) => checks.AddRedis(connectionString, name: key))
            .WithArgs(context =>
            {
                context.Args.Add(configFile);
                context.Args.Add("--port");
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
                foreach (var argument in (string[])["--bind", "127.0.0.1", "--dir", data, "--pidfile", pidFile,
                    .. RedisDurability.ServerArguments, "--save", "", "--daemonize", "no"])
                {
                    context.Args.Add(argument);
                }
            });
    }

    private static async Task PrepareAsync(string data, string pidFile, string configFile, ParameterResource password, ILogger logger,
        CancellationToken cancellationToken)
    {
        DataDirectory.Create(data);
        // The password in a file only its owner reads, not on the command line, where every local user could see it.
        ServerPassword.WritePrivate(configFile, $"requirepass {await password.GetValueAsync(cancellationToken)}\n");
        // Two servers appending to one file would corrupt it.
        if (SetupCommand.StillRunning(pidFile, "redis-server", data) is { } stale)
        {
            logger.LogWarning("Stopping Redis process {Pid}, left running on {Data} by an earlier run", stale.Id, data);
            await SetupCommand.RunAsync(logger, "kill", ["-TERM", stale.Id.ToString()], cancellationToken);
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            patience.CancelAfter(StopTimeout);
            try
            {
                await stale.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                stale.Kill();
            }
        }
        logger.LogInformation("Redis keeps its data in {Data}", data);
    }

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
}
