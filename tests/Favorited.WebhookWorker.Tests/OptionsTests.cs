using Favorited.Testing;
using Microsoft.Extensions.Options;

namespace Favorited.WebhookWorker.Tests;

/// <summary>A setting out of range stops the worker at start, naming it, instead of failing later when a job first runs.</summary>
public sealed class OptionsTests
{
    [Theory]
    [InlineData("Jobs:ReconciliationInterval", "00:00:00", "ReconciliationInterval")]
    [InlineData("Jobs:WebhookCleanupInterval", "-00:01:00", "WebhookCleanupInterval")]
    [InlineData("Jobs:ScheduledTimeout", "00:00:00", "ScheduledTimeout")]
    [InlineData("LiveState:ThrottleWindow", "00:00:00", "ThrottleWindow")]
    public void AnIntervalOutOfRangeStopsTheWorkerAtStart(string key, string value, string named)
    {
        // Nothing is reached before the settings are checked, so no server is needed.
        using var worker = new ServiceFactory<Program>("Host=127.0.0.1;Port=1", "127.0.0.1:1",
            settings: new Dictionary<string, string> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => worker.Server);

        Assert.Contains(named, error.Message);
    }
}
