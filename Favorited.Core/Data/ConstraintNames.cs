namespace Favorited.Core.Data;

/// <summary>Names of the unique indexes whose violations the services turn into 409 answers.</summary>
public static class ConstraintNames
{
    /// <summary>Room names are unique among streams that can still use the room (not ENDED, not ERROR).</summary>
    public const string ActiveRoomName = "ux_livestreams_room_name_active";

    /// <summary>At most one JOINED row per user and livestream.</summary>
    public const string OneJoinedSessionPerUser = "ux_participants_one_joined_per_user";
}
