using System.Text.Json;
using System.Text.Json.Serialization;
using Favorited.Core.Data;

namespace Favorited.Core.Tests;

/// <summary>One label per enum member, the same in PostgreSQL, in JSON and wherever code needs it as text.</summary>
public sealed class EnumLabelsTests
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public void EveryMemberHasTheLabelTheApiWritesInJson()
    {
        AssertJsonMatches<LivestreamStatus>();
        AssertJsonMatches<ParticipantRole>();
        AssertJsonMatches<ParticipantStatus>();
        Assert.Equal(["SCHEDULED", "LIVE", "ENDED", "ERROR"], EnumLabels.All<LivestreamStatus>());
    }

    [Theory]
    [InlineData("LIVE", true)]
    [InlineData("live", false)]
    [InlineData("Live", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ParsingIsExact(string? label, bool parses)
    {
        Assert.Equal(parses, EnumLabels.TryParse<LivestreamStatus>(label, out var status));
        if (parses)
        {
            Assert.Equal(LivestreamStatus.Live, status);
        }
    }

    private static void AssertJsonMatches<T>() where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.Equal($"\"{value.Label()}\"", JsonSerializer.Serialize(value, Json));
        }
    }
}
