namespace Favorited.Core.LiveKit;

/// <summary>LiveKit's <c>ParticipantInfo.Kind</c> values Favorited treats differently from people.</summary>
public static class ParticipantKinds
{
    /// <summary>An encoder's media published through an ingress: the host's, never a viewer.</summary>
    public const string Ingress = "INGRESS";

    /// <summary>A recording or restream egress's hidden participant: neither host nor viewer, never counted.</summary>
    public const string Egress = "EGRESS";

    /// <summary>
    /// The identity the creator's encoder joins with. Not the creator's own: LiveKit evicts the older of two connections with
    /// one identity (DUPLICATE_IDENTITY), so the encoder would throw the creator's browser tab out of the room.
    /// </summary>
    public static string EncoderIdentityOf(string creatorId) => $"{creatorId}:encoder";
}
