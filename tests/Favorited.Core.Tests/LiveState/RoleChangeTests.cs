using Favorited.Core.Data;
using Favorited.Core.LiveState;
using Favorited.Core.Redis;
using Favorited.Testing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Favorited.Core.Tests.LiveState;

/// <summary>A participant brought on stage or stepped down moves between the hosts and the viewers, in the versions' order.</summary>
public sealed class RoleChangeTests(TestServers servers) : IAsyncLifetime
{
    private readonly Guid _id = Guid.NewGuid();
    private ConnectionMultiplexer _redis = null!;
    private LiveStateStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis.NewDatabaseConnectionString());
        _store = new LiveStateStore(_redis, Options.Create(new LiveStateOptions()));
        await _store.InitializeAsync(_id, DateTime.UtcNow, "host-1", "Host");
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task AConnectedViewerMovesToTheHostsAndBackAndTheCountsFollow()
    {
        await _store.ParticipantConnectedAsync(_id, "host-1", ParticipantRole.Host, version: 1);
        await _store.ParticipantConnectedAsync(_id, "viewer-1", ParticipantRole.Viewer, version: 2);
        await _store.ParticipantConnectedAsync(_id, "viewer-2", ParticipantRole.Viewer, version: 3);

        Assert.True(await _store.ParticipantRoleChangedAsync(_id, "viewer-1", ParticipantRole.Host, version: 4));
        var onStage = (await _store.GetAsync(_id))!;
        var hostsOnStage = await HostsAsync();
        Assert.True(await _store.ParticipantRoleChangedAsync(_id, "viewer-1", ParticipantRole.Viewer, version: 5));
        var back = (await _store.GetAsync(_id))!;

        Assert.Equal(1, onStage.ViewerCount);
        Assert.Equal(["host-1", "viewer-1"], hostsOnStage);
        Assert.Equal(["host-1", "viewer-1", "viewer-2"], onStage.Participants.Order());
        Assert.Equal(2, back.ViewerCount);
        Assert.Equal(["host-1"], await HostsAsync());
        Assert.Equal(2, back.TotalViewers);
    }

    [Fact]
    public async Task AnOlderConnectReportArrivingAfterTheRoleChangeDoesNotPutTheViewerBack()
    {
        await _store.ParticipantConnectedAsync(_id, "viewer-1", ParticipantRole.Viewer, version: 2);
        await _store.ParticipantRoleChangedAsync(_id, "viewer-1", ParticipantRole.Host, version: 4);

        // The worker committed a connect (as a viewer) before the role change, but reached Redis after it.
        await _store.ParticipantConnectedAsync(_id, "viewer-1", ParticipantRole.Viewer, version: 3);

        Assert.Equal(0, (await _store.GetAsync(_id))!.ViewerCount);
        Assert.Equal(["viewer-1"], await HostsAsync());
    }

    [Fact]
    public async Task SomeoneNotConnectedStaysOutOfBothSets()
    {
        await _store.ParticipantRoleChangedAsync(_id, "viewer-1", ParticipantRole.Host, version: 4);

        var state = (await _store.GetAsync(_id))!;
        Assert.Empty(state.Participants);
        Assert.Empty(await HostsAsync());
    }

    private async Task<string[]> HostsAsync() =>
        [.. (await _redis.GetDatabase().SetMembersAsync($"{RedisKeys.LiveState(_id)}:hosts")).Select(m => m.ToString()).Order(StringComparer.Ordinal)];
}
