using Favorited.Core.LiveState;
using Favorited.Core.Redis;
using StackExchange.Redis;

namespace Favorited.Api.Livestreams;

/// <summary>
/// Drops the cached list pages when any process reports a stream starting, ending or edited on the all-streams channel (the
/// worker on LiveKit's word, another Api replica on a user's), and when the subscription was down, since notices
/// published meanwhile are lost.
/// </summary>
public sealed class LivestreamListInvalidation(IConnectionMultiplexer redis, LivestreamListCache cache,
    ILogger<LivestreamListInvalidation> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        stoppingToken.Register(() => redis.ConnectionRestored -= OnConnectionRestored);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The client renews the subscription by itself after a reconnect.
                await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisKeys.AllStreamEventsChannel), OnNotice);
                cache.Invalidate();
                return;
            }
            catch (RedisException ex)
            {
                Log.ListInvalidationUnsubscribed(logger, ex.Message);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }

    private void OnNotice(RedisChannel channel, RedisValue message)
    {
        if (StreamEvents.Parse(message) is { Type: StreamEvents.RoomStarted or StreamEvents.RoomEnded or StreamEvents.StreamUpdated })
        {
            cache.Invalidate();
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            cache.Invalidate();
        }
    }
}
