using System.Text.Json.Serialization;

namespace Favorited.Api.Infrastructure;

// The original orchestrator's envelopes, field for field, so its clients keep working.

public sealed record DataResponse<T>(T Data)
{
    [JsonPropertyOrder(-1)] public bool Success => true;
}

public sealed record ListResponse<T>(IReadOnlyList<T> Data)
{
    [JsonPropertyOrder(-1)] public bool Success => true;

    /// <summary>The number of items in this page (not a total), as the original had it.</summary>
    public int Count => Data.Count;
}

public sealed record MessageResponse(string Message)
{
    [JsonPropertyOrder(-1)] public bool Success => true;
}

public sealed record MessageDataResponse<T>(string Message, T Data)
{
    [JsonPropertyOrder(-1)] public bool Success => true;
}

public sealed record ErrorResponse(string Error, string Message, int StatusCode)
{
    [JsonPropertyOrder(-1)] public bool Success => false;
}
