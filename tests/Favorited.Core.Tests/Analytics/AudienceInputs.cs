using Favorited.Core.Analytics;
using Favorited.Core.Data;

namespace Favorited.Core.Tests.Analytics;

/// <summary>Builds calculator inputs from spans in milliseconds after <see cref="T0"/>.</summary>
internal static class AudienceInputs
{
    public static readonly DateTime T0 = new(2026, 3, 1, 20, 0, 0, DateTimeKind.Utc);

    public static DateTime At(long ms) => T0.AddMilliseconds(ms);

    /// <param name="session">The session's label; by default one session per span.</param>
    public static AudienceSpan Viewer(string user, long startMs, long endMs, string? session = null) =>
        Span(user, ParticipantRole.Viewer, startMs, endMs, session);

    public static AudienceSpan Host(string user, long startMs, long endMs, string? session = null) =>
        Span(user, ParticipantRole.Host, startMs, endMs, session);

    public static AudienceSpan Span(string user, ParticipantRole role, long startMs, long endMs, string? session = null, string? displayName = null) =>
        new(session is null ? Guid.NewGuid() : SessionId(session), user, displayName ?? $"Person {user}", role, At(startMs), At(endMs));

    public static Guid SessionId(string session) => new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(session)));

    public static AudienceInput Input(long asOfMs, IEnumerable<AudienceSpan> spans, bool live = false,
        IReadOnlySet<string>? returning = null, IReadOnlyDictionary<string, int>? chat = null) =>
        new(T0, At(asOfMs), live, spans.ToList(), returning ?? new HashSet<string>(), chat ?? new Dictionary<string, int>());

    public static AudienceFigures Calculate(long asOfMs, params AudienceSpan[] spans) =>
        AudienceCalculator.Calculate(Input(asOfMs, spans));
}
