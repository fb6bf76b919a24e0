namespace Favorited.Core.Stage;

// The data of the stage announcements (StreamEvents), as records on the wire.

public sealed record HandRaised(string UserId, string DisplayName, DateTime RaisedAt);

public sealed record HandLowered(string UserId);

/// <param name="OnStage">True: brought on stage (may publish); false: back among the viewers.</param>
/// <param name="By">The host, or the person themselves stepping down.</param>
public sealed record StageChanged(string UserId, string DisplayName, bool OnStage, string By);
