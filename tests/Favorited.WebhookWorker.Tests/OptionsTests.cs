using Favorited.Core;
using Favorited.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Favorited.WebhookWorker.Tests;

/// <summary>
/// A setting out of range stops the worker at start, naming it, instead of failing later when a job first runs; the
/// original's name for the lane count is accepted.
/// </summary>
public sealed class OptionsTests
{
    [Theory]
    [InlineData("Jobs:ReconciliationInterval", "00:00:00", "ReconciliationInterval")]
    [InlineData("Jobs:WebhookCleanupInterval", "-00:01:00", "WebhookCleanupInterval")]
    [InlineData("Jobs:ScheduledTimeout", "00:00:00", "ScheduledTimeout")]
    [InlineData("Jobs:AnalyticsSnapshotInterval", "00:00:00", "AnalyticsSnapshotInterval")]
    [InlineData("Jobs:AnalyticsCleanupInterval", "00:00:00", "AnalyticsCleanupInterval")]
    [InlineData("LiveState:ThrottleWindow", "00:00:00", "ThrottleWindow")]
    public void AnIntervalOutOfRangeStopsTheWorkerAtStart(string key, string value, string named)
    {
        // Nothing is reached before the settings are checked, so no server is needed.
        using var worker = new ServiceFactory<Program>("Host=127.0.0.1;Port=1", "127.0.0.1:1",
            settings: new Dictionary<string, string> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => worker.Server);

        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData(null, 4)]
    [InlineData("6", 6)]
    public void TheOriginalsQueueConcurrencySetsTheLanesUnlessWebhooksConcurrencyIsSet(string? concurrency, int lanes)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ConnectionNames.Database}"] = "Host=127.0.0.1;Port=1",
            [$"ConnectionStrings:{ConnectionNames.Redis}"] = "127.0.0.1:1",
            ["WEBHOOK_QUEUE_CONCURRENCY"] = "4",
            ["Webhooks:Concurrency"] = concurrency,
        });
        builder.AddWorkerServices();
        using var host = builder.Build();

        Assert.Equal(lanes, host.Services.GetRequiredService<IOptions<WebhookOptions>>().Value.Concurrency);
    }
}
