using System.ComponentModel.DataAnnotations;

namespace Favorited.WebhookWorker;

public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Lanes processing in parallel; one room's events always go through the same lane, in order.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 10;

    /// <summary>Retries wait this, then twice, then four times as long (1 s, 2 s, 4 s …), up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between retries while Postgres or Redis is away (such failures are retried until they pass).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a failure that is neither an outage nor a refusal for good, before the entry is dead-lettered.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>An entry pending this long with another consumer is taken over (that consumer presumably died).</summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(60);

    public string ConsumerGroup { get; set; } = "webhook-workers";

    /// <summary>
    /// This worker's name in the consumer group: each replica needs its own, the same every time it starts, so it resumes
    /// what it left pending at once (the AppHost sets <c>webhookworker-&lt;replica index&gt;</c>). The default, host name and
    /// process id, never collides on one host; it is stable only where the process id is, as in a container (pid 1).
    /// </summary>
    public string ConsumerName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    [Range(1, 10_000)]
    public int ReadBatchSize { get; set; } = 500;
}
