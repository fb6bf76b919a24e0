using System.Globalization;
using System.Text;

namespace Favorited.Core.Chat;

/// <summary>What a chat message's text must be: trimmed, 1 to <see cref="ChatOptions.MaxLength"/> characters, not only invisible ones.</summary>
public static class ChatText
{
    /// <returns>The text to store, or the reason it is refused (a message naming <c>text</c>).</returns>
    public static (string? Text, string? Problem) Normalize(string? text, int maxLength)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return (null, "text is required and must not be blank");
        }
        var length = 0;
        var visible = false;
        foreach (var rune in trimmed.EnumerateRunes())
        {
            length++;
            visible |= Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format)
                && !Rune.IsWhiteSpace(rune);
        }
        if (!visible)
        {
            return (null, "text must contain something besides control and format characters");
        }
        return length > maxLength ? (null, $"text must be at most {maxLength} characters") : (trimmed, null);
    }
}
