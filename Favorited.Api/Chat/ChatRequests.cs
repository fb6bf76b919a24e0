namespace Favorited.Api.Chat;

public sealed record PostChatMessageRequest(string? Text);

public sealed record ChatSettingsRequest(bool? Enabled, bool? GuestsMayChat)
{
    public string? Validate() => Enabled is null || GuestsMayChat is null ? "enabled and guestsMayChat are both required" : null;
}
