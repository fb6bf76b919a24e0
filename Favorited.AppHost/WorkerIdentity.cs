namespace Favorited.AppHost;

internal static class WorkerIdentity
{
    public const string ConsumerNameVariable = "Webhooks__ConsumerName";

    // DCP fills this in for each replica it starts (0, 1, …). Its replica names carry a random suffix per run, but the index
    // is the same whenever a replica, or the whole AppHost, starts again.
    private const string ReplicaIndex = "{{- index .Annotations \"resource-replica-index\" -}}";

    /// <summary>
    /// A consumer name of the webhook stream's group per replica (<c>webhookworker-0</c>, <c>webhookworker-1</c> …) that a
    /// restarted replica gets again, so it resumes the entries it read and did not acknowledge at once, instead of leaving them
    /// to another replica's claim after <c>Webhooks:ClaimIdleTime</c>. Published, the worker keeps its default (host name and
    /// process id: in a container, the replica's host name and pid 1).
    /// </summary>
    public static IResourceBuilder<T> WithStableConsumerName<T>(this IResourceBuilder<T> worker) where T : IResourceWithEnvironment =>
        worker.WithEnvironment(context =>
        {
            if (context.ExecutionContext.IsRunMode)
            {
                context.EnvironmentVariables[ConsumerNameVariable] = $"{worker.Resource.Name}-{ReplicaIndex}";
            }
        });
}
