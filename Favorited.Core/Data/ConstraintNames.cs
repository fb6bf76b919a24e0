namespace Favorited.Core.Data;

/// <summary>
/// The partial unique indexes the rules rely on: their names (whose violations the services turn into 409 answers) and their
/// predicates (which an <c>ON CONFLICT</c> clause must repeat to use the index).
/// </summary>
public static class ConstraintNames
{
    /// <summary>Room names are unique among streams that can still use the room (not ENDED, not ERROR).</summary>
    public const string ActiveRoomName = "ux_livestreams_room_name_active";

    public static readonly string ActiveRoomNamePredicate =
        $"status NOT IN ('{LivestreamStatus.Ended.Label()}', '{LivestreamStatus.Error.Label()}')";

    /// <summary>At most one JOINED row per user and livestream.</summary>
    public const string OneJoinedSessionPerUser = "ux_participants_one_joined_per_user";

    /// <summary>A user is let into a private stream once (the primary key of <c>stream_access</c>).</summary>
    public const string OneAccessPerUser = "pk_stream_access";

    /// <summary>At most one ban not lifted per user and livestream.</summary>
    public const string OneBanPerUser = "ux_stream_bans_one_per_user";

    /// <summary>At most one active (not ended) ingress per livestream.</summary>
    public const string OneActiveIngress = "ux_stream_ingresses_one_active";

    public static readonly string OneJoinedSessionPredicate = $"status = '{ParticipantStatus.Joined.Label()}'";
}
