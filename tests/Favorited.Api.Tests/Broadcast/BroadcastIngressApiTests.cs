using System.Net;
using System.Text.Json;
using Favorited.Api.Tests.Identity;

namespace Favorited.Api.Tests.Broadcast;

/// <summary>The creator's encoder ingress: only the creator sees or manages it, one per stream, rotated for a new key.</summary>
public sealed class BroadcastIngressApiTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task TheCreatorGetsAnRtmpUrlAndKeyForTheirStreamsRoomAndHostIdentity()
    {
        var creator = await fixture.RegisterAsync("Caster");
        var id = await fixture.CreateStreamAsync(creator);

        var created = await CreateAsync(creator, id, new { type = "RTMP" }, HttpStatusCode.Created);
        var read = await ReadAsync(creator, id);

        Assert.Equal("RTMP", created.GetProperty("type").GetString());
        Assert.StartsWith("IN_", created.GetProperty("ingressId").GetString());
        var key = created.GetProperty("streamKey").GetString()!;
        Assert.False(string.IsNullOrEmpty(key));
        Assert.Equal($"{created.GetProperty("url").GetString()!.TrimEnd('/')}/{key}", created.GetProperty("encoderUrl").GetString());
        Assert.Equal(key, read.GetProperty("streamKey").GetString());
        Assert.Equal("ENDPOINT_INACTIVE", read.GetProperty("state").GetString());
    }

    [Fact]
    public async Task ASecondIngressIsAConflictUnlessRotatedAndRotatingGivesANewKey()
    {
        var creator = await fixture.RegisterAsync("Caster");
        var id = await fixture.CreateStreamAsync(creator);
        var first = await CreateAsync(creator, id, new { type = "WHIP" }, HttpStatusCode.Created);

        await CreateAsync(creator, id, new { type = "RTMP" }, HttpStatusCode.Conflict);
        var rotatedByPost = await CreateAsync(creator, id, new { type = "RTMP", rotate = true }, HttpStatusCode.Created);
        using var rotate = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/ingress/rotate", creator.AccessToken);
        var rotated = (await ApiFixture.ReadJsonAsync(rotate)).GetProperty("data");

        Assert.Equal(HttpStatusCode.Created, rotate.StatusCode);
        Assert.Equal("WHIP", first.GetProperty("type").GetString());
        Assert.Equal("RTMP", rotated.GetProperty("type").GetString());
        string[] keys = [first.GetProperty("streamKey").GetString()!, rotatedByPost.GetProperty("streamKey").GetString()!,
            rotated.GetProperty("streamKey").GetString()!];
        Assert.Equal(3, keys.Distinct().Count());
        Assert.Equal(keys[2], (await ReadAsync(creator, id)).GetProperty("streamKey").GetString());
    }

    [Fact]
    public async Task DeletingRevokesTheIngressAndLeavesNoneToRead()
    {
        var creator = await fixture.RegisterAsync("Caster");
        var id = await fixture.CreateStreamAsync(creator);
        await CreateAsync(creator, id, new { }, HttpStatusCode.Created);

        using var deleted = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{id}/ingress", creator.AccessToken);
        using var read = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}/ingress", creator.AccessToken);
        using var again = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{id}/ingress", creator.AccessToken);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (deleted.StatusCode, read.StatusCode, again.StatusCode));
        await CreateAsync(creator, id, new { }, HttpStatusCode.Created);
    }

    [Fact]
    public async Task OnlyTheCreatorMayCreateReadRotateOrDeleteAndNobodyElseSeesTheKey()
    {
        var creator = await fixture.RegisterAsync("Caster");
        var other = await fixture.RegisterAsync("Someone");
        var guest = await fixture.StartGuestAsync();
        var id = await fixture.CreateStreamAsync(creator);
        var key = (await CreateAsync(creator, id, new { }, HttpStatusCode.Created)).GetProperty("streamKey").GetString()!;
        var path = $"/api/v1/livestreams/{id}/ingress";

        foreach (var (method, suffix) in new[] { (HttpMethod.Post, ""), (HttpMethod.Get, ""), (HttpMethod.Post, "/rotate"), (HttpMethod.Delete, "") })
        {
            using var anonymous = await fixture.SendAsync(method, path + suffix, null, method == HttpMethod.Post ? new { } : null);
            using var byOther = await fixture.SendAsync(method, path + suffix, other.AccessToken, method == HttpMethod.Post ? new { } : null);
            using var byGuest = await fixture.SendAsync(method, path + suffix, guest.AccessToken, method == HttpMethod.Post ? new { } : null);
            using var unknown = await fixture.SendAsync(method, $"/api/v1/livestreams/{Guid.NewGuid()}/ingress{suffix}", creator.AccessToken,
                method == HttpMethod.Post ? new { } : null);
            Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.NotFound),
                (anonymous.StatusCode, byOther.StatusCode, byGuest.StatusCode, unknown.StatusCode));
            Assert.DoesNotContain(key, await byOther.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        using var stream = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}", other.AccessToken);
        Assert.DoesNotContain(key, await stream.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(key, (await ReadAsync(creator, id)).GetProperty("streamKey").GetString());
    }

    [Fact]
    public async Task AnUnknownTypeIsABadRequestInTheEnvelope()
    {
        var creator = await fixture.RegisterAsync("Caster");
        var id = await fixture.CreateStreamAsync(creator);

        using var response = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/ingress", creator.AccessToken, new { type = "SRT" });
        var body = await ApiFixture.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ValidationError", body.GetProperty("error").GetString());
    }

    private async Task<JsonElement> CreateAsync(SignedIn creator, string id, object body, HttpStatusCode expected)
    {
        using var response = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{id}/ingress", creator.AccessToken, body);
        var json = await ApiFixture.ReadJsonAsync(response);
        Assert.True(expected == response.StatusCode, json.ToString());
        return json.TryGetProperty("data", out var data) ? data : json;
    }

    private async Task<JsonElement> ReadAsync(SignedIn creator, string id)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{id}/ingress", creator.AccessToken);
        var json = await ApiFixture.ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("data");
    }
}
