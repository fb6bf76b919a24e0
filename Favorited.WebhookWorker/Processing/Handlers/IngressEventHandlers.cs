using System.Text.Json;
using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.LiveState;
using Microsoft.EntityFrameworkCore;

namespace Favorited.WebhookWorker.Processing.Handlers;

/// <summary>
/// ingress_started and ingress_ended: the creator's encoder connected or went away. The ingress row takes LiveKit's state and
/// the stream its <see cref="Livestream.Broadcasting"/> flag; an ingress Favorited does not know is logged and ignored.
/// These webhooks name no room (LiveKit queues them per ingress), so the stream is found through the ingress.
/// </summary>
internal abstract class IngressEventHandler(ILogger logger) : IWebhookEventHandler
{
    public abstract string EventType { get; }
    public bool CanBatch => false;

    protected abstract bool Started { get; }

    public async Task ApplyAsync(WebhookContext context, CancellationToken ct)
    {
        if (await FindAsync(context, ct) is not { } ingress)
        {
            logger.LogInformation("Ignored {Event} for ingress {IngressId}, which no stream has", EventType, context.Event.IngressInfo?.IngressId);
            return;
        }
        var state = context.Event.IngressInfo!.State;
        ingress.State = state?.Status ?? (Started ? IngressStatuses.Publishing : IngressStatuses.Inactive);
        ingress.Error = string.IsNullOrEmpty(state?.Error) ? null : state.Error;
        // Worked out from the stream's active ingress rather than from this event, so that a rotated-away ingress ending late
        // does not end the broadcast of the one that replaced it.
        var active = ingress.EndedAt is null ? ingress
            : await context.Db.StreamIngresses.SingleOrDefaultAsync(i => i.LivestreamId == ingress.LivestreamId && i.EndedAt == null, ct);
        var broadcasting = active?.State is IngressStatuses.Publishing or IngressStatuses.Buffering;
        await context.Db.Livestreams.Where(l => l.Id == ingress.LivestreamId && l.Broadcasting != broadcasting)
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.Broadcasting, broadcasting), ct);
    }

    public async Task<LiveStateChange?> DescribeLiveStateAsync(WebhookContext context, CancellationToken ct) =>
        await FindAsync(context, ct) is { } ingress
            ? new BroadcastAnnounced(ingress.LivestreamId, Started ? StreamEvents.BroadcastStarted : StreamEvents.BroadcastEnded,
                new BroadcastPayload(ingress.LivestreamId, ingress.IngressId, ingress.Type, ingress.State, ingress.Error))
            : null;

    private static async Task<StreamIngress?> FindAsync(WebhookContext context, CancellationToken ct) =>
        context.Event.IngressInfo is { IngressId.Length: > 0 } info
            ? await context.Db.StreamIngresses.SingleOrDefaultAsync(i => i.IngressId == info.IngressId, ct)
            : null;
}

internal sealed class IngressStartedHandler(ILogger<IngressStartedHandler> logger) : IngressEventHandler(logger)
{
    public override string EventType => "ingress_started";
    protected override bool Started => true;
}

internal sealed class IngressEndedHandler(ILogger<IngressEndedHandler> logger) : IngressEventHandler(logger)
{
    public override string EventType => "ingress_ended";
    protected override bool Started => false;
}

/// <summary>What watchers are told about the encoder: never its stream key.</summary>
public sealed record BroadcastPayload(Guid LivestreamId, string IngressId, string Type, string State, string? Error);

/// <summary>An SSE event for the stream's watchers, sent after the commit.</summary>
public sealed record BroadcastAnnounced(Guid StreamId, string Type, BroadcastPayload Payload) : LiveStateChange(StreamId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override Task ApplyAsync(LiveStateStore liveState) =>
        liveState.AnnounceAsync(StreamId, Type, JsonSerializer.Serialize(Payload, Json));
}
