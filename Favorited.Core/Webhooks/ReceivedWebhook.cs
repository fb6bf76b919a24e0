using System.Globalization;
using StackExchange.Redis;

namespace Favorited.Core.Webhooks;

/// <summary>A verified webhook as it goes on the stream: the raw body, and the trace it arrived in.</summary>
public sealed record ReceivedWebhook(string Id, string Event, string Room, string Body, string TraceParent, DateTimeOffset ReceivedAt)
{
    /// <summary>Reads an entry written by <see cref="WebhookQueue"/>; missing fields read as empty.</summary>
    public static ReceivedWebhook FromEntry(StreamEntry entry)
    {
        string Field(string name) => entry[name].IsNull ? "" : entry[name].ToString();
        return new ReceivedWebhook(Field("id"), Field("event"), Field("room"), Field("body"), Field("traceparent"),
            DateTimeOffset.TryParse(Field("receivedAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at
                : DateTimeOffset.MinValue);
    }
}
