using Favorited.Core.Data;

namespace Favorited.Core.Analytics;

/// <summary>
/// One stretch of one session in one role, by LiveKit's clock: half-open <c>[Start, End)</c>.
/// A session split by stage changes gives touching spans with the same <see cref="SessionId"/>.
/// </summary>
public readonly record struct AudienceSpan(
    Guid SessionId, string UserId, string DisplayName, ParticipantRole Role, DateTime Start, DateTime End);
