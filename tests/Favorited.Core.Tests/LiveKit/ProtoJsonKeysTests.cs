using System.Text.Json;
using System.Text.Json.Nodes;
using Favorited.Core.LiveKit;

namespace Favorited.Core.Tests.LiveKit;

public sealed class ProtoJsonKeysTests
{
    [Theory]
    [InlineData("""{"sid":"PA_1","identity":"u","joined_at":"1717000000","is_publisher":true,"state":"ACTIVE","attributes":{"my_key":"v"}}""")]
    [InlineData("""{"sid":"PA_1","identity":"u","joinedAt":1717000000,"isPublisher":true,"state":2,"attributes":{"my_key":"v"}}""")]
    public void SnakeCaseAndCamelCaseRepliesBindAlike(string reply)
    {
        var json = ProtoJsonKeys.ToLowerCamelCase(JsonNode.Parse(reply));

        var participant = json.Deserialize<LiveKitParticipant>(LiveKitJson.Options)!;

        Assert.Equal("PA_1", participant.Sid);
        Assert.Equal(1717000000, participant.JoinedAt);
        Assert.True(participant.IsPublisher);
        Assert.Contains(participant.State, new[] { "ACTIVE", "2" });
        // Keys of user data are left exactly as they were.
        Assert.Equal("v", participant.Attributes["my_key"]);
    }

    [Fact]
    public void UnknownFieldsAndNullMessagesAreIgnored()
    {
        var json = ProtoJsonKeys.ToLowerCamelCase(JsonNode.Parse(
            """{"sid":"RM_1","name":"r","version":null,"enabled_codecs":[{"mime":"audio/opus","fmtp_line":""}],"future_field":1}"""));

        var room = json.Deserialize<LiveKitRoom>(LiveKitJson.Options)!;

        Assert.Equal("RM_1", room.Sid);
        Assert.Equal("r", room.Name);
    }
}
