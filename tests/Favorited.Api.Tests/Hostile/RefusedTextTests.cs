using System.Net;
using System.Text;
using Favorited.Core.Data;
using Favorited.Testing;

namespace Favorited.Api.Tests.Hostile;

/// <summary>Text PostgreSQL refuses is a 400 that names the field, wherever it is sent; nothing is stored.</summary>
public sealed class RefusedTextTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/v1/livestreams", """{"roomName":"r1","title":"a\u0000b","createdBy":"u"}""", "title")]
    [InlineData("/api/v1/livestreams", """{"roomName":"r2","title":"t","createdBy":"u\u0000"}""", "createdBy")]
    [InlineData("/api/v1/livestreams", """{"roomName":"r3","title":"t","description":"\ud800","createdBy":"u"}""", "description")]
    [InlineData("/api/v1/livestreams", """{"roomName":"r4","title":"t","createdBy":"u","metadata":{"k":"\u0000"}}""", "Metadata")]
    public async Task ABodyFieldWithRefusedTextIs400NamingIt(string path, string body, string field)
    {
        using var response = await fixture.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError", $"{field} {StorableText.Problem}");
    }

    [Fact]
    public async Task JoinAndLeaveFieldsAndQueryValuesAreCheckedToo()
    {
        var stream = await fixture.CreateLivestreamAsync(new { roomName = "refused-text", title = "t", createdBy = "creator" });
        var id = stream.GetProperty("id").GetString();

        using var join = await fixture.Client.PostAsync($"/api/v1/livestreams/{id}/join",
            new StringContent("""{"userId":"v","displayName":"a\u0000","role":"VIEWER"}""", Encoding.UTF8, "application/json"), Ct);
        using var leave = await fixture.Client.PostAsync($"/api/v1/livestreams/{id}/leave",
            new StringContent("""{"userId":"\u0000"}""", Encoding.UTF8, "application/json"), Ct);
        using var list = await fixture.Client.GetAsync("/api/v1/livestreams?createdBy=%00", Ct);
        using var participants = await fixture.Client.GetAsync($"/api/v1/livestreams/{id}/participants?role=%00", Ct);

        await ApiAssert.ErrorAsync(join, HttpStatusCode.BadRequest, "ValidationError", $"displayName {StorableText.Problem}");
        await ApiAssert.ErrorAsync(leave, HttpStatusCode.BadRequest, "ValidationError", $"userId {StorableText.Problem}");
        await ApiAssert.ErrorAsync(list, HttpStatusCode.BadRequest, "ValidationError", $"createdBy {StorableText.Problem}");
        await ApiAssert.ErrorAsync(participants, HttpStatusCode.BadRequest, "ValidationError", $"role {StorableText.Problem}");
    }
}
