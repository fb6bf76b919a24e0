using System.Net;
using System.Text.Json;

namespace Favorited.Api.Tests;

internal static class ApiAssert
{
    /// <summary>The answer is the original's error envelope with this status, error class and (if given) message.</summary>
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error, string? message = null)
    {
        var body = await ApiFixture.ReadJsonAsync(response);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.Equal((int)status, body.GetProperty("statusCode").GetInt32());
        if (message is not null)
        {
            Assert.Equal(message, body.GetProperty("message").GetString());
        }
        return body;
    }
}
