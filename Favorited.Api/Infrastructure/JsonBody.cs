using Microsoft.AspNetCore.Http.HttpResults;

namespace Favorited.Api.Infrastructure;

/// <summary>An answer already serialized to UTF-8 JSON (kept, or made once), sent as it is.</summary>
internal static class JsonBody
{
    public static FileContentHttpResult Of(byte[] utf8Json) => TypedResults.Bytes(utf8Json, "application/json; charset=utf-8");
}
