using System.ComponentModel.DataAnnotations;

namespace Favorited.WebhookWorker.Jobs;

public sealed class JobOptions
{
    public const string SectionName = "Jobs";

    /// <summary>How often applied webhook ids past their 24 h expiry are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan WebhookCleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often live streams are checked against LiveKit.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ReconciliationInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A stream still SCHEDULED this long after creation failed to start (its creator crashed).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ScheduledTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often ended streams without a current analytics snapshot get one.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan AnalyticsSnapshotInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often per-second series past <c>Analytics:SeriesRetention</c> are dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan AnalyticsCleanupInterval { get; set; } = TimeSpan.FromDays(1);
}
