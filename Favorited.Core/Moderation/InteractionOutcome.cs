namespace Favorited.Core.Moderation;

/// <summary>What a host's action (or a viewer's on the stage) came to; each failure says what to tell the caller.</summary>
public abstract record InteractionOutcome;

public sealed record Done<T>(T Value) : InteractionOutcome;

/// <summary>No such stream, or one the caller may not see.</summary>
public sealed record NoSuchStream : InteractionOutcome;

public sealed record NotAllowed(string Message) : InteractionOutcome;

public sealed record Invalid(string Message) : InteractionOutcome;

/// <summary>The person or track the action is about is not there.</summary>
public sealed record NoSuchTarget(string Message) : InteractionOutcome;

/// <summary>The stream or the person is not in a state the action applies to.</summary>
public sealed record Conflicting(string Message) : InteractionOutcome;

/// <summary>LiveKit refused or could not be reached; nothing was recorded.</summary>
public sealed record LiveKitFailed(string Message) : InteractionOutcome;
