using Favorited.Core.LiveState;

namespace Favorited.WebhookWorker.Jobs;

/// <summary>
/// Sends the viewer counts the throttle held back, when their window ends. Every replica may run it: the
/// store's script hands each due update to exactly one caller.
/// </summary>
public sealed class TrailingCountFlusher(LiveStateStore liveState, TimeProvider timeProvider, ILogger<TrailingCountFlusher> logger)
    : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await liveState.FlushDueCountsAsync();
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                Log.StreamReadFailed(logger, ex.Message);
            }
        }
    }
}
