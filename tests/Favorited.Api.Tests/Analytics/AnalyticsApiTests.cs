using System.Net;
using System.Text.Json;
using Favorited.Api.Tests.Identity;
using Favorited.Core.Analytics;
using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Favorited.Api.Tests.Analytics;

/// <summary>A stream's analytics, its CSV exports and the creator dashboard, on the hand-computed scenario of docs/design/analytics.md §5.</summary>
public sealed class AnalyticsApiTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    private static readonly DateTime T0 = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEndedStreamAnswersTheScenariosFiguresExactlyAndKeepsThemAsItsSnapshot()
    {
        var (owner, rows) = await NewCreatorAsync();
        await rows.AddHistoryAsync(T0);
        var id = await rows.CreateStreamAsync(T0, end: 600);

        var data = await GetAnalyticsAsync(owner, id, "?resolution=60");

        Assert.Equal(("ENDED", true, 60), (data.GetProperty("status").GetString(), data.GetProperty("final").GetBoolean(),
            data.GetProperty("resolution").GetInt32()));
        Assert.Equal(T0.AddSeconds(600), data.GetProperty("asOf").GetDateTime());
        var viewers = data.GetProperty("summary").GetProperty("viewers");
        Assert.Equal((0, 5, T0.AddSeconds(60), 7, 6, 1), (viewers.GetProperty("current").GetInt32(), viewers.GetProperty("peak").GetInt32(),
            viewers.GetProperty("peakAt").GetDateTime(), viewers.GetProperty("unique").GetInt32(), viewers.GetProperty("new").GetInt32(),
            viewers.GetProperty("returning").GetInt32()));
        var hosts = data.GetProperty("summary").GetProperty("hosts");
        Assert.Equal((2, T0.AddSeconds(120)), (hosts.GetProperty("peak").GetInt32(), hosts.GetProperty("peakAt").GetDateTime()));
        var watch = data.GetProperty("summary").GetProperty("watch");
        Assert.Equal((1580L, 26.33, 225.71, 200.0), (watch.GetProperty("totalSeconds").GetInt64(), watch.GetProperty("totalMinutes").GetDouble(),
            watch.GetProperty("averageSeconds").GetDouble(), watch.GetProperty("medianSeconds").GetDouble()));
        var stayed = watch.GetProperty("stayedPast");
        Assert.Equal((6, 2, 0), (stayed.GetProperty("1m").GetInt32(), stayed.GetProperty("5m").GetInt32(), stayed.GetProperty("30m").GetInt32()));
        var chat = data.GetProperty("summary").GetProperty("chat");
        Assert.Equal((4, 3), (chat.GetProperty("messages").GetInt32(), chat.GetProperty("chatters").GetInt32()));

        var series = data.GetProperty("series");
        Assert.Equal(T0, series.GetProperty("start").GetDateTime());
        Assert.Equal([4, 5, 3, 3, 3, 4, 3, 3, 2, 1], Ints(series.GetProperty("viewersMax")));
        Assert.Equal([2.17, 4.67, 2.17, 2.5, 3, 4, 3, 2.5, 1.33, 1], Doubles(series.GetProperty("viewersAvg")));
        Assert.Equal([1, 1, 2, 1, 1, 1, 1, 1, 1, 1], Ints(series.GetProperty("hostsMax")));
        Assert.Equal([1, 4, 2, 0, 0, 0, 0], data.GetProperty("distribution").EnumerateArray().Select(b => b.GetProperty("viewers").GetInt32()));
        var retention = data.GetProperty("retention");
        Assert.Equal([1, 5, 10, 30], Ints(retention.GetProperty("offsetsMinutes")));
        var rowsByMinute = retention.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([0, 5, 3, 3, 3, 4, 3, 3, 2, 1], rowsByMinute.Select(r => r.GetProperty("present").GetInt32()));
        Assert.Equal([0, 3, 2, 3, 3, 3, 2, 2, 1, null], rowsByMinute.Select(r => Retained(r, 0)));
        Assert.Equal([0, 2, 1, 1, 1, null, null, null, null, null], rowsByMinute.Select(r => Retained(r, 1)));

        // Kept: the second answer is the stored snapshot, computed once.
        var again = await GetAnalyticsAsync(owner, id, "?resolution=10");
        Assert.Equal(data.GetProperty("computedAt").GetDateTime(), again.GetProperty("computedAt").GetDateTime());
        Assert.Equal(60, again.GetProperty("series").GetProperty("viewersMax").GetArrayLength());
        Assert.Equal((5, 3, 1), (again.GetProperty("series").GetProperty("viewersMax")[6].GetInt32(),
            again.GetProperty("series").GetProperty("viewersMax")[12].GetInt32(), again.GetProperty("series").GetProperty("viewersMax")[59].GetInt32()));
        Assert.Equal(1, await SnapshotCountAsync(id));
    }

    [Fact]
    public async Task ALateReportThatMovesTheStreamsVersionMakesTheSnapshotComputedAgain()
    {
        var (owner, rows) = await NewCreatorAsync();
        var id = await rows.CreateStreamAsync(T0, end: 600);
        var first = await GetAnalyticsAsync(owner, id, "?resolution=60");
        Assert.Equal(1580, first.GetProperty("summary").GetProperty("watch").GetProperty("totalSeconds").GetInt64());

        // D's disconnect turns out to have been at 500, not 600, and the change moved the stream's live-state version.
        await using (var scope = fixture.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FavoritedDbContext>();
            await db.Participants.Where(p => p.LivestreamId == id && p.UserId == rows.Id("D"))
                .ExecuteUpdateAsync(p => p.SetProperty(x => x.DisconnectedAt, T0.AddSeconds(500)), Ct);
            await db.Livestreams.Where(l => l.Id == id).ExecuteUpdateAsync(l => l.SetProperty(x => x.LiveStateVersion, x => x.LiveStateVersion + 1), Ct);
        }

        var second = await GetAnalyticsAsync(owner, id, "?resolution=60");
        Assert.Equal(1480, second.GetProperty("summary").GetProperty("watch").GetProperty("totalSeconds").GetInt64());
        Assert.True(second.GetProperty("computedAt").GetDateTime() >= first.GetProperty("computedAt").GetDateTime());
    }

    [Fact]
    public async Task OnceItsPerSecondSeriesIsDroppedAStreamAnswersInWholeMinutes()
    {
        var (owner, rows) = await NewCreatorAsync();
        var longAgo = T0.AddDays(-100);
        var id = await rows.CreateStreamAsync(longAgo, end: 600);
        // As the worker's jobs do: the snapshot computed, later its per-second series dropped (no Api has kept it meanwhile).
        await using (var scope = fixture.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FavoritedDbContext>();
            var stream = await db.Livestreams.AsNoTracking().SingleAsync(l => l.Id == id, Ct);
            await scope.ServiceProvider.GetRequiredService<StreamAnalyticsService>().ComputeSnapshotAsync(stream, Ct);
            Assert.Equal(1, await AnalyticsSnapshots.TrimSeriesAsync(db, longAgo.AddDays(1), 1_000_000, Ct));
        }

        var fine = await GetAnalyticsAsync(owner, id, "?resolution=10");
        var coarse = await GetAnalyticsAsync(owner, id, "?resolution=120");

        Assert.Equal(60, fine.GetProperty("resolution").GetInt32());
        Assert.Equal([4, 5, 3, 3, 3, 4, 3, 3, 2, 1], Ints(fine.GetProperty("series").GetProperty("viewersMax")));
        Assert.Equal(120, coarse.GetProperty("resolution").GetInt32());
        Assert.Equal([5, 3, 4, 3, 2], Ints(coarse.GetProperty("series").GetProperty("viewersMax")));
        Assert.Equal([3.42, 2.33, 3.5, 2.75, 1.17], Doubles(coarse.GetProperty("series").GetProperty("viewersAvg")));
        Assert.Equal(7, coarse.GetProperty("summary").GetProperty("viewers").GetProperty("unique").GetInt32());
    }

    [Fact]
    public async Task ALiveStreamIsComputedUpToNowWithItsCurrentViewers()
    {
        var (owner, rows) = await NewCreatorAsync();
        var before = DateTime.UtcNow;
        var t0 = before.AddSeconds(-330);
        var id = await rows.CreateStreamAsync(t0, end: null);

        var data = await GetAnalyticsAsync(owner, id, "");
        var elapsed = (DateTime.UtcNow - before).TotalSeconds;

        Assert.Equal(("LIVE", false, 10), (data.GetProperty("status").GetString(), data.GetProperty("final").GetBoolean(),
            data.GetProperty("resolution").GetInt32()));
        var viewers = data.GetProperty("summary").GetProperty("viewers");
        Assert.Equal((4, 5, 6), (viewers.GetProperty("current").GetInt32(), viewers.GetProperty("peak").GetInt32(), viewers.GetProperty("unique").GetInt32()));
        Assert.Equal(t0.AddSeconds(60), viewers.GetProperty("peakAt").GetDateTime(), TimeSpan.FromMilliseconds(1));
        // B, D, E and F are still watching: each second since "330" adds four viewer-seconds.
        var total = data.GetProperty("summary").GetProperty("watch").GetProperty("totalSeconds").GetInt64();
        Assert.InRange(total, 990, 990 + 4 * elapsed + 1);
        Assert.Equal(34, data.GetProperty("series").GetProperty("viewersMax").GetArrayLength());
    }

    [Fact]
    public async Task ALiveStreamsFiguresAreKeptForAMomentUnlessTheClientAsksForFreshOnes()
    {
        var (owner, rows) = await NewCreatorAsync();
        var t0 = DateTime.UtcNow.AddSeconds(-330);
        var id = await rows.CreateStreamAsync(t0, end: null);
        var first = await GetAnalyticsAsync(owner, id, "");
        await AddViewerStillConnectedAsync(id, t0.AddSeconds(320));

        var kept = await GetAnalyticsAsync(owner, id, "");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/livestreams/{id}/analytics");
        request.Headers.Authorization = new("Bearer", owner.AccessToken);
        request.Headers.CacheControl = new() { NoCache = true };
        using var freshResponse = await fixture.Client.SendAsync(request, Ct);
        var fresh = (await ApiFixture.ReadJsonAsync(freshResponse)).GetProperty("data");

        Assert.Equal(first.GetProperty("asOf").GetDateTime(), kept.GetProperty("asOf").GetDateTime());
        Assert.Equal((4, 4, 5), (Current(first), Current(kept), Current(fresh)));
        Assert.True(fresh.GetProperty("asOf").GetDateTime() > first.GetProperty("asOf").GetDateTime());
    }

    [Fact]
    public async Task FiguresOlderThanTheCacheDurationAreAnsweredOnceMoreWhileNewOnesAreComputed()
    {
        var (owner, rows) = await NewCreatorAsync();
        var t0 = DateTime.UtcNow.AddSeconds(-330);
        var id = await rows.CreateStreamAsync(t0, end: null);
        var first = await GetAnalyticsAsync(owner, id, "");
        await AddViewerStillConnectedAsync(id, t0.AddSeconds(320));
        await Task.Delay(TimeSpan.FromSeconds(5.5), Ct); // past Analytics:LiveCacheDuration

        var stale = await GetAnalyticsAsync(owner, id, "");
        var renewed = await Favorited.Testing.Eventually.MatchesAsync(() => GetAnalyticsAsync(owner, id, ""), data => Current(data) == 5,
            TimeSpan.FromSeconds(10), "the figures computed in the background", Ct);

        Assert.Equal((4, 4), (Current(first), Current(stale)));
        Assert.Equal(first.GetProperty("asOf").GetDateTime(), stale.GetProperty("asOf").GetDateTime());
        Assert.True(renewed.GetProperty("asOf").GetDateTime() > stale.GetProperty("asOf").GetDateTime());
    }

    [Fact]
    public async Task OnlyTheCreatorSeesAStreamsAnalytics()
    {
        var (owner, rows) = await NewCreatorAsync();
        var id = await rows.CreateStreamAsync(T0, end: 600);
        var other = await fixture.RegisterAsync("Other");
        var guest = await fixture.StartGuestAsync("Guest");
        var privateId = await fixture.CreateStreamAsync(owner, "PRIVATE");

        foreach (var path in new[] { $"/api/v1/livestreams/{id}/analytics", $"/api/v1/livestreams/{id}/analytics/series.csv",
                     $"/api/v1/livestreams/{id}/analytics/viewers.csv" })
        {
            using var anonymous = await fixture.SendAsync(HttpMethod.Get, path, null);
            using var asGuest = await fixture.SendAsync(HttpMethod.Get, path, guest.AccessToken);
            using var asOther = await fixture.SendAsync(HttpMethod.Get, path, other.AccessToken);
            Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
                (anonymous.StatusCode, asGuest.StatusCode, asOther.StatusCode));
            Assert.Equal("AuthorizationError", (await ApiFixture.ReadJsonAsync(asOther)).GetProperty("error").GetString());
        }
        using var hidden = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{privateId}/analytics", other.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using var dashboard = await fixture.SendAsync(HttpMethod.Get, "/api/v1/analytics/livestreams", guest.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode);
        using var othersDashboard = await fixture.SendAsync(HttpMethod.Get,
            "/api/v1/analytics/livestreams?from=2025-12-31T00:00:00Z&to=2026-01-02T00:00:00Z", other.AccessToken);
        Assert.Equal(0, (await ApiFixture.ReadJsonAsync(othersDashboard)).GetProperty("data").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task AStreamThatNeverWentLiveHasNoAnalyticsAndBadResolutionsAreRefused()
    {
        var (owner, rows) = await NewCreatorAsync();
        var id = await rows.CreateStreamAsync(T0, end: 600);
        await using (var scope = fixture.Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FavoritedDbContext>();
            db.Livestreams.Add(new Livestream { RoomName = "never", Title = "Never", CreatedBy = owner.Id, Status = LivestreamStatus.Scheduled });
            db.Livestreams.Add(new Livestream { RoomName = "long", Title = "Ten days long", CreatedBy = owner.Id, Status = LivestreamStatus.Ended,
                StartedAt = T0.AddDays(-10), EndedAt = T0 });
            await db.SaveChangesAsync(Ct);
        }
        var never = await StreamIdAsync(owner.Id, "Never");
        var tenDays = await StreamIdAsync(owner.Id, "Ten days long");

        using var neverLive = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{never}/analytics", owner.AccessToken);
        Assert.Equal(HttpStatusCode.Conflict, neverLive.StatusCode);
        foreach (var resolution in new[] { "0", "3601", "ten", "-5", "1.5" })
        {
            using var refused = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}/analytics?resolution={resolution}", owner.AccessToken);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("ValidationError", (await ApiFixture.ReadJsonAsync(refused)).GetProperty("error").GetString());
        }
        using var tooFine = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{tenDays}/analytics?resolution=1", owner.AccessToken);
        Assert.Equal(HttpStatusCode.BadRequest, tooFine.StatusCode);
        // Without a resolution, a long stream gets the finest one within the points limit.
        var automatic = await GetAnalyticsAsync(owner, tenDays, "");
        Assert.Equal(35, automatic.GetProperty("resolution").GetInt32());
        Assert.InRange(automatic.GetProperty("series").GetProperty("viewersMax").GetArrayLength(), 24_000, 25_000);
    }

    [Fact]
    public async Task TheCsvExportsHoldTheSeriesAndEveryViewerWithUserTextNeutralised()
    {
        var (owner, rows) = await NewCreatorAsync();
        await rows.AddHistoryAsync(T0);
        var id = await rows.CreateStreamAsync(T0, end: 600);

        using var series = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}/analytics/series.csv?resolution=60", owner.AccessToken);
        Assert.Equal("text/csv", series.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{id}-series-60s.csv", series.Content.Headers.ContentDisposition?.FileName);
        var seriesLines = (await series.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, seriesLines.Length);
        Assert.Equal("bucket_start_utc,seconds_from_start,viewers_max,viewers_avg,hosts_max", seriesLines[0]);
        Assert.Equal("2026-01-01T12:01:00.000Z,60,5,4.67,1", seriesLines[2]);

        using var viewers = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}/analytics/viewers.csv", owner.AccessToken);
        var viewerLines = (await viewers.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, viewerLines.Length);
        Assert.Equal($"{rows.Id("D")},Person D,2026-01-01T12:00:50.000Z,1,550,0,false,1", viewerLines[1]);
        Assert.Contains($"{rows.Id("E")},Person E,2026-01-01T12:01:00.000Z,1,240,60,true,0", viewerLines);
        Assert.Contains($"{rows.Id("A")},\"'=HYPERLINK(\"\"x\"\")\",2026-01-01T12:00:10.000Z,1,120,0,false,2", viewerLines);
        Assert.Contains($"{rows.Id("B")},Person B,2026-01-01T12:00:20.000Z,2,350,0,false,0", viewerLines);
    }

    [Fact]
    public async Task TheDashboardListsTheCreatorsStreamsInTheRangeWithTotals()
    {
        var (owner, rows) = await NewCreatorAsync();
        await rows.AddHistoryAsync(T0);
        var id = await rows.CreateStreamAsync(T0, end: 600);

        using var response = await fixture.SendAsync(HttpMethod.Get,
            "/api/v1/analytics/livestreams?from=2025-12-01T00:00:00Z&to=2026-01-02T00:00:00Z&limit=1", owner.AccessToken);
        var data = (await ApiFixture.ReadJsonAsync(response)).GetProperty("data");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, data.GetProperty("count").GetInt32()); // the scenario and the earlier stream
        var newest = data.GetProperty("streams").EnumerateArray().Single();
        Assert.Equal((id.ToString(), "Scenario", 600L, true), (newest.GetProperty("id").GetString(), newest.GetProperty("title").GetString(),
            newest.GetProperty("durationSeconds").GetInt64(), newest.GetProperty("final").GetBoolean()));
        Assert.Equal(7, newest.GetProperty("summary").GetProperty("viewers").GetProperty("unique").GetInt32());
        var totals = data.GetProperty("totals");
        // The earlier stream adds E's 5 minutes; E is one person across both.
        Assert.Equal((2, 31.33, 5, 7, 4), (totals.GetProperty("streams").GetInt32(), totals.GetProperty("watchMinutes").GetDouble(),
            totals.GetProperty("peakViewers").GetInt32(), totals.GetProperty("uniqueViewers").GetInt32(), totals.GetProperty("chatMessages").GetInt32()));

        foreach (var query in new[] { "?from=yesterday", "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
                     "?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "?limit=0", "?to=0001-01-10T00:00:00Z" })
        {
            using var refused = await fixture.SendAsync(HttpMethod.Get, "/api/v1/analytics/livestreams" + query, owner.AccessToken);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }

    private async Task<(SignedIn Owner, ScenarioRows Rows)> NewCreatorAsync()
    {
        var owner = await fixture.RegisterAsync("Creator H");
        return (owner, new ScenarioRows(fixture.Api.Services, owner.Id));
    }

    private async Task<JsonElement> GetAnalyticsAsync(SignedIn owner, Guid id, string query)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}/analytics{query}", owner.AccessToken);
        var body = await ApiFixture.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("data");
    }

    /// <summary>One more viewer, connected since <paramref name="connectedAt"/>: the live count becomes 5 once figures are recomputed.</summary>
    private async Task AddViewerStillConnectedAsync(Guid streamId, DateTime connectedAt)
    {
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FavoritedDbContext>();
        db.Participants.Add(new Participant
        {
            LivestreamId = streamId, UserId = $"late-{Guid.NewGuid():N}", DisplayName = "Late", LivekitParticipantSid = $"PA_{Guid.NewGuid():N}",
            JoinedAt = connectedAt, ConnectedAt = connectedAt,
        });
        await db.SaveChangesAsync(Ct);
    }

    private async Task<Guid> StreamIdAsync(string creatorId, string title)
    {
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FavoritedDbContext>();
        return await db.Livestreams.Where(l => l.CreatedBy == creatorId && l.Title == title).Select(l => l.Id).SingleAsync(Ct);
    }

    private async Task<int> SnapshotCountAsync(Guid id)
    {
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FavoritedDbContext>();
        return await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM stream_analytics WHERE livestream_id = {id}").SingleAsync(Ct);
    }

    private static int Current(JsonElement data) => data.GetProperty("summary").GetProperty("viewers").GetProperty("current").GetInt32();

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    private static int? Retained(JsonElement row, int offset) =>
        row.GetProperty("retained")[offset].ValueKind == JsonValueKind.Null ? null : row.GetProperty("retained")[offset].GetInt32();
}
