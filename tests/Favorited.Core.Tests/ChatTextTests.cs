using Favorited.Core.Chat;

namespace Favorited.Core.Tests;

public sealed class ChatTextTests
{
    [Theory]
    [InlineData("  hello  ", "hello")]
    [InlineData("\thi\nthere\r\n", "hi\nthere")]
    [InlineData("\u200Bvisible", "\u200Bvisible")]
    [InlineData("🎉", "🎉")]
    public void TextIsTrimmedAndKept(string text, string stored) =>
        Assert.Equal((stored, null), ChatText.Normalize(text, 500));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\r\n\u00A0\u3000")]
    public void BlankTextIsRefused(string? text) =>
        Assert.Equal((null, "text is required and must not be blank"), ChatText.Normalize(text, 500));

    [Theory]
    [InlineData("\u0007")]
    [InlineData("\u200B\u200D\uFEFF")]
    [InlineData("\u0001 \u0085 \u2060")]
    public void TextOfOnlyControlAndFormatCharactersIsRefused(string text) =>
        Assert.Equal((null, "text must contain something besides control and format characters"), ChatText.Normalize(text, 500));

    [Fact]
    public void LengthCountsCharactersNotUtf16Units()
    {
        var emoji = string.Concat(Enumerable.Repeat("🎉", 5));

        Assert.Equal((emoji, null), ChatText.Normalize(emoji, 5));
        Assert.Equal((null, "text must be at most 4 characters"), ChatText.Normalize(emoji, 4));
    }
}
