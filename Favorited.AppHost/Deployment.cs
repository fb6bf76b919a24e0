namespace Favorited.AppHost;

/// <summary>
/// Where a deployment goes, from <c>Deploy:Target</c> (environment variable <c>Deploy__Target</c>). Unset, the model
/// has no compute environment: <c>azd up</c> reads the manifest and provisions Azure Container Apps itself.
/// <c>compose</c>: <c>aspire publish</c> writes Docker Compose files, <c>aspire deploy</c> runs them. There is never
/// more than one compute environment, since with several each resource would have to name its own.
/// </summary>
internal static class Deployment
{
    public const string TargetKey = "Deploy:Target";
    public const string DockerCompose = "compose";

    public static bool PublishesToDockerCompose(this IDistributedApplicationBuilder builder) =>
        builder.ExecutionContext.IsPublishMode
        && string.Equals(builder.Configuration[TargetKey], DockerCompose, StringComparison.OrdinalIgnoreCase);

    public static void AddComputeEnvironment(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsPublishMode || string.IsNullOrEmpty(builder.Configuration[TargetKey]))
        {
            return;
        }
        if (!builder.PublishesToDockerCompose())
        {
            throw new InvalidOperationException(
                $"{TargetKey} is '{builder.Configuration[TargetKey]}'; it can only be '{DockerCompose}', or unset for azd (Azure Container Apps).");
        }
        builder.AddDockerComposeEnvironment(DockerCompose);
    }
}
