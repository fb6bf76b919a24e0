namespace Favorited.Core.LiveKit;

/// <summary>
/// A LiveKit webhook body (protobuf JSON: lowerCamelCase, default values omitted, int64 as strings).
/// Only what Favorited reads is declared; everything else is ignored.
/// </summary>
public sealed record LiveKitWebhookEvent
{
    public string Event { get; init; } = "";
    public string? Id { get; init; }
    public long CreatedAt { get; init; }
    public WebhookRoom? Room { get; init; }
    public WebhookParticipant? Participant { get; init; }

    /// <summary>For <c>egress_started</c>, <c>egress_updated</c>, <c>egress_ended</c>.</summary>
    public EgressInfo? EgressInfo { get; init; }

    /// <summary>For <c>ingress_started</c>, <c>ingress_ended</c>.</summary>
    public IngressInfo? IngressInfo { get; init; }
}

public sealed record WebhookRoom
{
    public string? Sid { get; init; }
    public string Name { get; init; } = "";
    public string? Metadata { get; init; }
    public long CreationTime { get; init; }
    public int NumParticipants { get; init; }
}

public sealed record WebhookParticipant
{
    public string? Sid { get; init; }
    public string Identity { get; init; } = "";
    public string? Name { get; init; }
    public string? Metadata { get; init; }
    public string? State { get; init; }
    public string? Kind { get; init; }
    public long JoinedAt { get; init; }
    public long JoinedAtMs { get; init; }
    public ParticipantPermission? Permission { get; init; }
}
