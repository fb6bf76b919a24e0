using Favorited.Core.Data;

namespace Favorited.Api.Broadcast;

/// <summary><c>{type: "RTMP"|"WHIP"}</c>, RTMP when left out; <c>rotate</c> replaces an active ingress (a new key).</summary>
public sealed record CreateIngressBody(string? Type, bool? Rotate);

/// <summary>Where the creator's encoder pushes: <see cref="EncoderUrl"/> is <see cref="Url"/>/<see cref="StreamKey"/>.</summary>
public sealed record IngressResponse(string IngressId, string Type, string Url, string StreamKey, string EncoderUrl, string State,
    DateTime CreatedAt, string? Error);

internal static class IngressResponseMapping
{
    public static IngressResponse ToResponse(this StreamIngress ingress) => new(ingress.IngressId, ingress.Type, ingress.Url,
        ingress.StreamKey, $"{ingress.Url.TrimEnd('/')}/{ingress.StreamKey}", ingress.State, ingress.CreatedAt, ingress.Error);
}
