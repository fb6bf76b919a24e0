using System.ComponentModel.DataAnnotations;

namespace Favorited.Core.LiveKit;

/// <summary>
/// The LiveKit server to use (section <c>LiveKit</c>; the original's <c>LIVEKIT_URL</c>, <c>LIVEKIT_API_KEY</c>,
/// <c>LIVEKIT_API_SECRET</c> and <c>TOKEN_EXPIRATION_HOURS</c> are accepted too, see <see cref="OriginalVariableNames"/>).
/// </summary>
public sealed class LiveKitOptions : IValidatableObject
{
    public const string SectionName = "LiveKit";

    /// <summary>Server API base URL; <c>ws://</c> and <c>wss://</c> are accepted and mean http(s).</summary>
    [Required]
    public string Url { get; set; } = "";

    /// <summary>URL handed to clients in join responses; defaults to <see cref="Url"/> as ws(s).</summary>
    public string? PublicUrl { get; set; }

    [Required]
    public string ApiKey { get; set; } = "";

    [Required]
    public string ApiSecret { get; set; } = "";

    /// <summary>
    /// How long a join token may be used to connect (LiveKit renews the token of a connected participant itself). Short,
    /// because a token names only the room: one kept after leaving would also open a later stream of the same room name.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan TokenTtl { get; set; } = TimeSpan.FromMinutes(10);

    // Methods rather than properties: validation reads every property, and these throw on a bad Url.
    public Uri GetApiBaseUri() => ToScheme(Url, secure: "https", plain: "http");

    public string GetClientUrl() => string.IsNullOrWhiteSpace(PublicUrl)
        ? ToScheme(Url, secure: "wss", plain: "ws").ToString().TrimEnd('/')
        : PublicUrl;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ws" or "wss"))
        {
            yield return new ValidationResult($"LiveKit:Url must be an absolute http(s) or ws(s) URL, not '{Url}'", [nameof(Url)]);
        }
    }

    private static Uri ToScheme(string url, string secure, string plain)
    {
        var builder = new UriBuilder(url);
        builder.Scheme = builder.Scheme is "https" or "wss" ? secure : plain;
        builder.Port = builder.Uri.IsDefaultPort ? -1 : builder.Port;
        // A trailing slash keeps a path prefix (https://host/livekit/) when relative paths are appended.
        builder.Path = builder.Path.TrimEnd('/') + "/";
        return builder.Uri;
    }
}
