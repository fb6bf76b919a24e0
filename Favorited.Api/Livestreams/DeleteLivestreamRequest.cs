namespace Favorited.Api.Livestreams;

public sealed record DeleteLivestreamRequest(string? RequestingUserId);
