using Favorited.Core.Redis;
using StackExchange.Redis;

namespace Favorited.WebhookWorker.Jobs;

/// <summary>
/// A Redis lease so that one worker replica at a time runs a job. It expires by itself if its holder dies,
/// and only the holder (by its token) can release it.
/// </summary>
public sealed class SingleRunnerLock(IConnectionMultiplexer redis)
{
    private static readonly LuaScript Release = LuaScript.Prepare("""
        if redis.call('GET', @key) == @token then return redis.call('DEL', @key) end
        return 0
        """);

    /// <returns>A handle that releases the lease, or null when another replica holds it.</returns>
    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan lease)
    {
        var key = (RedisKey)RedisKeys.JobLock(name);
        var token = Guid.NewGuid().ToString("N");
        var db = redis.GetDatabase();
        return await db.StringSetAsync(key, token, lease, When.NotExists)
            ? new Lease(db, key, token)
            : null;
    }

    private sealed class Lease(IDatabase db, RedisKey key, string token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await db.ScriptEvaluateAsync(Release, new { key, token });
    }
}
