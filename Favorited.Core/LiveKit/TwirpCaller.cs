using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Favorited.Core.LiveKit;

/// <summary>
/// One Twirp JSON call to a LiveKit service, as the server SDKs make it: POST <c>/twirp/{service}/{method}</c> with a
/// fresh token for exactly the grant the method needs; replies bound from snake_case, errors turned into
/// <see cref="LiveKitException"/>s.
/// </summary>
internal static class TwirpCaller
{
    public const string ActivitySourceName = "Favorited.LiveKit";
    private static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    /// <summary>Calls <c>{service}/{method}</c> with a fresh API token carrying <paramref name="grant"/>, and binds the reply.</summary>
    public static async Task<TReply> CallAsync<TReply>(HttpClient http, AccessTokenIssuer tokens, string service, string method,
        object request, VideoGrant grant, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity($"{service}/{method}", ActivityKind.Client);
        activity?.SetTag("rpc.system", "twirp");
        activity?.SetTag("rpc.service", service);
        activity?.SetTag("rpc.method", method);

        using var message = new HttpRequestMessage(HttpMethod.Post, $"twirp/{service}/{method}")
        {
            Content = JsonContent.Create(request, options: LiveKitJson.Options),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.CreateApiToken(grant));

        try
        {
            using var response = await http.SendAsync(message, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw await ReadErrorAsync(response, cancellationToken);
            }
            var json = ProtoJsonKeys.ToLowerCamelCase(
                await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken: cancellationToken) ?? new JsonObject());
            return json.Deserialize<TReply>(LiveKitJson.Options)
                ?? throw new LiveKitException(TwirpCodes.Malformed, $"{method}: empty reply", response.StatusCode);
        }
        // Connection failures, timeouts, and the resilience pipeline giving up (timeout, open circuit).
        catch (Exception ex) when (ex is HttpRequestException or Polly.ExecutionRejectedException
            or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw new LiveKitUnavailableException($"LiveKit server unreachable at {http.BaseAddress}: {ex.Message}", null, ex);
        }
        catch (LiveKitException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.SetTag("rpc.twirp.error_code", ex.Code);
            throw;
        }
        catch (JsonException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw new LiveKitException(TwirpCodes.Malformed, $"{method}: reply is not valid JSON: {ex.Message}", null, innerException: ex);
        }
    }

    private static async Task<LiveKitException> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        TwirpError? error = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            try
            {
                error = JsonSerializer.Deserialize<TwirpError>(text, LiveKitJson.Options);
            }
            catch (JsonException)
            {
                // Not a Twirp error body; the raw text is the message below.
            }
        }

        // The auth middleware of the OSS server answers 401 in plain text, before Twirp sees the call.
        var code = error?.Code ?? response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => TwirpCodes.Unauthenticated,
            HttpStatusCode.NotFound => TwirpCodes.BadRoute,
            HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => TwirpCodes.Unavailable,
            _ => TwirpCodes.Unknown,
        };
        var detail = error?.Msg ?? (string.IsNullOrWhiteSpace(text) ? response.ReasonPhrase ?? "" : text.Trim());
        return LiveKitException.From(code, detail, response.StatusCode, error?.Meta);
    }
}
