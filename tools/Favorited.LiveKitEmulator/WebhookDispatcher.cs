using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Favorited.LiveKitEmulator;

/// <summary>
/// Sends webhooks as LiveKit does: <c>application/webhook+json</c>, the raw JWT in <c>Authorization</c>,
/// one room's (or one egress's, one ingress's) events in order, one request in flight for each, and up to 4 retries 1/2/4/8 s apart on
/// connection errors, 429 and 5xx other than 501. Any other answer ends the delivery.
/// </summary>
public sealed class WebhookDispatcher(
    IHttpClientFactory httpClientFactory, IOptions<EmulatorOptions> options, TimeProvider timeProvider,
    ILogger<WebhookDispatcher> logger)
{
    private const int MaxAttempts = 5;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Task> _queueTails = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<WebhookDelivery> _deliveries = new();

    /// <summary>Every delivery attempted so far, for tests and for looking at by hand.</summary>
    public IReadOnlyCollection<WebhookDelivery> Deliveries => _deliveries;

    public void Send(string eventName, Room room, Participant? participant = null) =>
        Send(eventName, room.Name, room.Name, room.ToProto(), participant?.ToProto(), info: null, track: null);

    /// <summary><c>track_published</c> or <c>track_unpublished</c>: LiveKit sends the room and participant cut down to their ids.</summary>
    public void SendTrackEvent(string eventName, Room room, Participant participant, PublishedTrack track) =>
        Send(eventName, room.Name, room.Name, room.ToMinimalProto(), participant.ToMinimalProto(), info: null, track.ToProto());

    /// <summary>
    /// <c>ingress_started</c> or <c>ingress_ended</c>, with the room named but without its sid (LiveKit's
    /// <c>toMinimalRoomProto("", name)</c>), queued by ingress id apart from the room's events.
    /// </summary>
    public void SendIngressEvent(string eventName, Ingress ingress) =>
        Send(eventName, ingress.IngressId, ingress.RoomName, new ProtoMessage().String("sid", "").String("name", ingress.RoomName),
            participant: null, ("ingressInfo", ingress.ToProto()), track: null);

    /// <summary><c>egress_started</c>, <c>egress_updated</c> or <c>egress_ended</c>, queued by egress id apart from the room's events.</summary>
    public void SendEgressEvent(string eventName, Egress egress) =>
        Send(eventName, egress.EgressId, egress.RoomName, new ProtoMessage().String("sid", egress.RoomId).String("name", egress.RoomName),
            participant: null, ("egressInfo", egress.ToProto()), track: null);

    /// <param name="queueKey">LiveKit's <c>EventKey</c>: the egress id, else the ingress id, else the room name.</param>
    private void Send(string eventName, string queueKey, string roomName, ProtoMessage room, ProtoMessage? participant,
        (string Key, ProtoMessage Message)? info, ProtoMessage? track)
    {
        // WebhookEvent's fields in declaration order, as protojson writes them.
        var body = new JsonObject
        {
            ["event"] = eventName,
            ["room"] = room.Render(snakeCase: false),
        };
        if (participant is not null)
        {
            body["participant"] = participant.Render(snakeCase: false);
        }
        if (info is { } given)
        {
            body[given.Key] = given.Message.Render(snakeCase: false);
        }
        if (track is not null)
        {
            body["track"] = track.Render(snakeCase: false);
        }
        body["id"] = RoomStore.NewSid("EV_");
        body["createdAt"] = timeProvider.GetUtcNow().ToUnixTimeSeconds().ToString();

        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        foreach (var url in options.Value.WebhookUrls)
        {
            var delivery = new WebhookDelivery(body["id"]!.GetValue<string>(), eventName, roomName, url);
            _deliveries.Enqueue(delivery);
            lock (_lock)
            {
                var key = $"{url}\n{queueKey}";
                var tail = _queueTails.GetValueOrDefault(key, Task.CompletedTask);
                _queueTails[key] = tail.ContinueWith(_ => DeliverAsync(delivery, bytes), TaskScheduler.Default).Unwrap();
            }
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery, byte[] body)
    {
        var http = httpClientFactory.CreateClient(nameof(WebhookDispatcher));
        var delay = options.Value.WebhookRetryBaseDelay;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            delivery.Attempts = attempt;
            var retry = await TrySendAsync(http, delivery, body);
            if (!retry || attempt == MaxAttempts)
            {
                return;
            }
            await Task.Delay(delay, timeProvider);
            delay *= 2;
        }
    }

    /// <returns>Whether LiveKit would try again.</returns>
    private async Task<bool> TrySendAsync(HttpClient http, WebhookDelivery delivery, byte[] body)
    {
        var now = timeProvider.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/webhook+json");
        request.Headers.TryAddWithoutValidation("Authorization",
            EmulatorJwt.SignWebhook(body, options.Value.ApiKey, options.Value.ApiSecret, now));
        request.Headers.UserAgent.ParseAdd("LiveKit");
        try
        {
            using var response = await http.SendAsync(request);
            delivery.LastStatus = (int)response.StatusCode;
            return response.StatusCode == HttpStatusCode.TooManyRequests
                || ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.NotImplemented);
        }
        catch (HttpRequestException ex)
        {
            delivery.LastStatus = null;
            logger.LogInformation("Webhook {Id} to {Url} failed: {Error}", delivery.Id, delivery.Url, ex.Message);
            return true;
        }
    }
}

public sealed record WebhookDelivery(string Id, string Event, string Room, string Url)
{
    public int Attempts { get; set; }
    public int? LastStatus { get; set; }
}
