using Favorited.Core.Analytics;
using Favorited.Core.Data;
using Favorited.Testing;
using Favorited.WebhookWorker.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Favorited.WebhookWorker.Tests.WorkerGraphExtensions;

namespace Favorited.WebhookWorker.Tests;

/// <summary>The worker keeps ended streams' analytics snapshots current, and drops per-second series past their retention.</summary>
public sealed class AnalyticsJobsTests(TestServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEndedStreamGetsItsSnapshotAndGetsItAgainWhenALateReportMovesItsVersion()
    {
        await using var graph = await WorkerGraph.StartAsync(servers);
        var ended = await AddEndedStreamAsync(graph, DateTime.UtcNow.AddHours(-1), watchedSeconds: 120);
        var live = await AddEndedStreamAsync(graph, DateTime.UtcNow.AddHours(-1), watchedSeconds: 60, status: LivestreamStatus.Live);

        await RunAsync<AnalyticsSnapshotJob>(graph);

        await using var db = graph.CreateDbContext();
        var first = await AnalyticsSnapshots.ReadAsync(db, ended, Ct);
        Assert.NotNull(first);
        Assert.Equal((120L, 0L), (first.Report.Summary.Watch.TotalSeconds, first.SourceVersion));
        Assert.Null(await AnalyticsSnapshots.ReadAsync(db, live, Ct)); // a live stream is computed on request, never stored

        await db.Participants.Where(p => p.LivestreamId == ended)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.DisconnectedAt, x => x.ConnectedAt!.Value.AddSeconds(90)), Ct);
        await db.Livestreams.Where(l => l.Id == ended).ExecuteUpdateAsync(l => l.SetProperty(x => x.LiveStateVersion, 7L), Ct);
        await RunAsync<AnalyticsSnapshotJob>(graph);

        var second = await AnalyticsSnapshots.ReadAsync(db, ended, Ct);
        Assert.Equal((90L, 7L), (second!.Report.Summary.Watch.TotalSeconds, second.SourceVersion));
    }

    [Fact]
    public async Task PerSecondSeriesPastTheirRetentionAreDroppedAndTheRestOfTheSnapshotStays()
    {
        await using var graph = await WorkerGraph.StartAsync(servers,
            configureWorker: services => services.Configure<AnalyticsOptions>(o => o.SeriesRetention = TimeSpan.FromDays(30)));
        var old = await AddEndedStreamAsync(graph, DateTime.UtcNow.AddDays(-40), watchedSeconds: 120);
        var recent = await AddEndedStreamAsync(graph, DateTime.UtcNow.AddDays(-20), watchedSeconds: 120);
        await RunAsync<AnalyticsSnapshotJob>(graph);

        await RunAsync<AnalyticsCleanupJob>(graph);

        await using var db = graph.CreateDbContext();
        var trimmed = await AnalyticsSnapshots.ReadAsync(db, old, Ct);
        var kept = await AnalyticsSnapshots.ReadAsync(db, recent, Ct);
        Assert.Null(trimmed!.PerSecond);
        Assert.Equal((120L, 2, 1), (trimmed.Report.Summary.Watch.TotalSeconds, trimmed.PerMinute.ViewersMax.Length, trimmed.PerMinute.ViewersMax[0]));
        Assert.NotNull(kept!.PerSecond);
    }

    /// <summary>A stream that ran for two minutes from <paramref name="startedAt"/>, watched by one viewer for a while.</summary>
    private static async Task<Guid> AddEndedStreamAsync(WorkerGraph graph, DateTime startedAt, int watchedSeconds,
        LivestreamStatus status = LivestreamStatus.Ended)
    {
        await using var db = graph.CreateDbContext();
        var stream = new Livestream
        {
            RoomName = $"room-{Guid.NewGuid():N}", Title = "Analytics", CreatedBy = "creator", Status = status, StartedAt = startedAt,
            EndedAt = status == LivestreamStatus.Ended ? startedAt.AddSeconds(120) : null,
        };
        db.Livestreams.Add(stream);
        db.Participants.Add(new Participant
        {
            LivestreamId = stream.Id, UserId = "viewer", DisplayName = "Viewer", Status = ParticipantStatus.Left,
            LivekitParticipantSid = $"PA_{Guid.NewGuid():N}", JoinedAt = startedAt, LeftAt = startedAt.AddSeconds(watchedSeconds),
            ConnectedAt = startedAt, DisconnectedAt = startedAt.AddSeconds(watchedSeconds),
        });
        await db.SaveChangesAsync(Ct);
        return stream.Id;
    }

    private static async Task RunAsync<TJob>(WorkerGraph graph) where TJob : PeriodicJob
    {
        var job = graph.Worker!.Services.GetServices<IHostedService>().OfType<TJob>().Single();
        // The run at start may still hold the lease.
        await Eventually.MatchesAsync(() => job.TryRunAsync(Ct), ran => ran, Patience, $"the {typeof(TJob).Name} to run");
    }
}
