namespace Favorited.Core.LiveKit;

/// <summary>
/// LiveKit's <c>video</c> claim. Every field is optional and omitted when null: LiveKit reads an absent
/// <c>canPublish</c> as true, so "not allowed" must be an explicit false.
/// </summary>
public sealed record VideoGrant
{
    public bool? RoomCreate { get; init; }
    public bool? RoomList { get; init; }
    public bool? RoomRecord { get; init; }
    public bool? IngressAdmin { get; init; }
    public bool? RoomAdmin { get; init; }
    public bool? RoomJoin { get; init; }
    public string? Room { get; init; }
    public bool? CanPublish { get; init; }
    public bool? CanSubscribe { get; init; }
    public bool? CanPublishData { get; init; }
    public bool? CanUpdateOwnMetadata { get; init; }
    public bool? Hidden { get; init; }
}
