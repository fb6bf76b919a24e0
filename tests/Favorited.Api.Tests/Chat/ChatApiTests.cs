using System.Net;
using System.Text.Json;
using Favorited.Api.Tests.Identity;
using Favorited.Testing;

namespace Favorited.Api.Tests.Chat;

/// <summary>
/// Accounts mode with the production chat limit (5 messages) over a window long enough that it never rolls over during a
/// test: each test posts at most 5 messages per user and stream, except where it means to be refused.
/// </summary>
public sealed class ChatFixture(TestServers servers) : AccountsFixture(servers)
{
    public override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(GenerousRateLimits)
    {
        ["Chat:MessagesPerWindow"] = "5",
        ["Chat:Window"] = "01:00:00",
    };
}

public sealed class ChatApiTests(ChatFixture fixture) : IClassFixture<ChatFixture>
{
    private static readonly string[] MessageFields = ["id", "streamId", "userId", "displayName", "text", "createdAt"];

    [Fact]
    public async Task AMessageIsStoredAndReachesAnotherSubscriberAsChatMessageWithIdsIncreasingPerStream()
    {
        var (_, stream) = await LiveStreamAsync();
        var viewer = await JoinedAccountAsync(stream, "Viewer One");
        await using var watcher = await OpenEventsAsync(stream);
        var opening = await watcher.NextAsync();

        var posted = new List<JsonElement>();
        foreach (var text in new[] { "  first  ", "second", "third 🎉" })
        {
            using var response = await PostAsync(viewer, stream, text);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            posted.Add((await ApiFixture.ReadJsonAsync(response)).GetProperty("data"));
        }
        var received = new List<SseEvent>();
        for (var i = 0; i < posted.Count; i++)
        {
            received.Add(await watcher.NextAsync(e => e.Type == "chat_message"));
        }

        Assert.Equal("state", opening.Type);
        Assert.Equal(["first", "second", "third 🎉"], posted.Select(m => m.GetProperty("text").GetString()));
        Assert.All(posted, m => Assert.Equal(MessageFields, m.EnumerateObject().Select(p => p.Name)));
        Assert.All(posted, m => Assert.Equal(viewer.Id, m.GetProperty("userId").GetString()));
        Assert.All(posted, m => Assert.Equal("Viewer One", m.GetProperty("displayName").GetString()));
        Assert.All(posted, m => Assert.Equal(stream, m.GetProperty("streamId").GetString()));
        Assert.All(posted, m => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", m.GetProperty("createdAt").GetString()));
        var ids = posted.Select(m => m.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // The event's data is exactly the message the poster got back, and the events' own ids follow the state's.
        Assert.Equal(posted.Select(m => m.GetRawText()), received.Select(e => e.Data));
        Assert.Equal(Enumerable.Range(1, 3).Select(n => opening.NumericId + n), received.Select(e => e.NumericId));
    }

    [Fact]
    public async Task HistoryIsTheNewestPageBeforeAnIdOldestFirstWithoutDeletedMessages()
    {
        var (host, stream) = await LiveStreamAsync();
        var authors = new[] { await JoinedAccountAsync(stream, "A"), await JoinedAccountAsync(stream, "B") };
        var ids = new List<long>();
        for (var i = 1; i <= 8; i++)
        {
            ids.Add((await PostOkAsync(authors[i % 2], stream, $"message {i}")).GetProperty("id").GetInt64());
        }
        using (var delete = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{stream}/chat/{ids[6]}", host.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }

        var newest = await HistoryAsync(stream, "?limit=3");
        var before = await HistoryAsync(stream, $"?limit=3&before={ids[5]}");
        var all = await HistoryAsync(stream, "");
        var oldest = await HistoryAsync(stream, $"?before={ids[0]}");

        // Message 7 was deleted: the newest three are 5, 6 and 8.
        Assert.Equal(["message 5", "message 6", "message 8"], Texts(newest));
        Assert.Equal(3, newest.GetProperty("count").GetInt32());
        Assert.Equal(["message 3", "message 4", "message 5"], Texts(before));
        Assert.Equal(["message 1", "message 2", "message 3", "message 4", "message 5", "message 6", "message 8"], Texts(all));
        Assert.Empty(Texts(oldest));
        foreach (var query in new[] { "?limit=0", "?limit=101", "?limit=abc", "?before=abc", "?before=-1" })
        {
            using var bad = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{stream}/chat{query}", null);
            await ApiAssert.ErrorAsync(bad, HttpStatusCode.BadRequest, "ValidationError");
        }
    }

    [Fact]
    public async Task OnlyPeopleWithAJoinedSessionInALiveStreamMayPost()
    {
        var (host, stream) = await LiveStreamAsync();
        var outsider = await fixture.RegisterAsync("Outsider");
        var leaver = await JoinedAccountAsync(stream, "Leaver");
        using (var leave = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{stream}/leave", leaver.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, leave.StatusCode);
        }
        var stayer = await JoinedAccountAsync(stream, "Stayer");

        using var notJoined = await PostAsync(outsider, stream, "hello?");
        using var left = await PostAsync(leaver, stream, "still here?");
        using var anonymous = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{stream}/chat", null, new { text = "hi" });
        using var unknownStream = await PostAsync(stayer, Guid.NewGuid().ToString(), "hi");
        using var malformedStream = await PostAsync(stayer, "not-a-guid", "hi");
        using (var end = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{stream}", host.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        }
        using var ended = await PostAsync(stayer, stream, "anyone?");

        await ApiAssert.ErrorAsync(notJoined, HttpStatusCode.Forbidden, "AuthorizationError", "Join the livestream to chat in it");
        await ApiAssert.ErrorAsync(left, HttpStatusCode.Forbidden, "AuthorizationError", "Join the livestream to chat in it");
        await ApiAssert.ErrorAsync(anonymous, HttpStatusCode.Unauthorized, "AuthenticationError");
        await ApiAssert.ErrorAsync(unknownStream, HttpStatusCode.NotFound, "NotFoundError");
        await ApiAssert.ErrorAsync(malformedStream, HttpStatusCode.NotFound, "NotFoundError");
        await ApiAssert.ErrorAsync(ended, HttpStatusCode.Conflict, "ConflictError", "Livestream is not live");
        Assert.Empty(Texts(await HistoryAsync(stream, "")));
    }

    [Fact]
    public async Task TextIsTrimmedAndRefusedWhenEmptyTooLongOnlyInvisibleOrUnstorable()
    {
        var (_, stream) = await LiveStreamAsync();
        var longest = string.Concat(Enumerable.Repeat("é", 499)) + "🎉"; // 500 characters, 501 UTF-16 units

        var refused = new List<(HttpResponseMessage Response, string Message)>();
        // Raw JSON, so the escapes reach the Api as a client may send them.
        foreach (var (body, message) in new[]
        {
            ("""{"text":""}""", "text is required and must not be blank"),
            ("""{"text":" \t\n "}""", "text is required and must not be blank"),
            ("{}", "text is required and must not be blank"),
            ("""{"text":"\u0007\u200B\u2060\u0001"}""", "text must contain something besides control and format characters"),
            ($$"""{"text":"{{new string('x', 501)}}"}""", "text must be at most 500 characters"),
            ("""{"text":"a\u0000b"}""", "text must not contain U+0000 (NUL) or unpaired surrogates"),
            ("""{"text":"a\ud800b"}""", "text must not contain U+0000 (NUL) or unpaired surrogates"),
        })
        {
            // A refused post counts against the sender's limit too (the limiter answers before the endpoint reads the body).
            var author = await JoinedAccountAsync(stream, "Writer");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/livestreams/{stream}/chat")
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", author.AccessToken);
            refused.Add((await fixture.Client.SendAsync(request, TestContext.Current.CancellationToken), message));
        }
        var accepted = await PostOkAsync(await JoinedAccountAsync(stream, "Writer"), stream, $"  {longest}\n");

        foreach (var (response, message) in refused)
        {
            await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "ValidationError", message);
            response.Dispose();
        }
        Assert.Equal(longest, accepted.GetProperty("text").GetString());
        Assert.Equal([longest], Texts(await HistoryAsync(stream, "")));
    }

    [Fact]
    public async Task TheHostTurnsChatAndGuestsChatOffAndOnAndSubscribersAreTold()
    {
        var (host, stream) = await LiveStreamAsync();
        var member = await JoinedAccountAsync(stream, "Member");
        var guest = await fixture.StartGuestAsync("Guest");
        await JoinAsync(guest, stream);
        await using var watcher = await OpenEventsAsync(stream);
        await watcher.NextAsync();

        var defaults = await SettingsAsync(stream);
        using var guestWhileAllowed = await PostAsync(guest, stream, "guest says hi");
        var guestsOff = await PutSettingsAsync(host, stream, enabled: true, guestsMayChat: false);
        var guestsOffEvent = await watcher.NextAsync(e => e.Type == "chat_settings");
        using var guestRefused = await PostAsync(guest, stream, "me again");
        using var memberWhileGuestsOff = await PostAsync(member, stream, "members only now");
        await PutSettingsAsync(host, stream, enabled: false, guestsMayChat: true);
        var offEvent = await watcher.NextAsync(e => e.Type == "chat_settings");
        var off = await SettingsAsync(stream);
        using var memberWhileOff = await PostAsync(member, stream, "hello?");
        using var guestWhileOff = await PostAsync(guest, stream, "hello?");
        await PutSettingsAsync(host, stream, enabled: true, guestsMayChat: true);
        using var memberAgain = await PostAsync(member, stream, "back");

        Assert.Equal("""{"enabled":true,"guestsMayChat":true}""", defaults.GetRawText());
        Assert.Equal(HttpStatusCode.Created, guestWhileAllowed.StatusCode);
        Assert.Equal("""{"enabled":true,"guestsMayChat":false}""", guestsOff.GetRawText());
        Assert.Equal("""{"enabled":true,"guestsMayChat":false}""", guestsOffEvent.Data);
        await ApiAssert.ErrorAsync(guestRefused, HttpStatusCode.Forbidden, "AuthorizationError",
            "Guests may not chat in this livestream: sign up or sign in to chat");
        Assert.Equal(HttpStatusCode.Created, memberWhileGuestsOff.StatusCode);
        Assert.Equal("""{"enabled":false,"guestsMayChat":true}""", offEvent.Data);
        Assert.Equal("""{"enabled":false,"guestsMayChat":true}""", off.GetRawText());
        await ApiAssert.ErrorAsync(memberWhileOff, HttpStatusCode.Forbidden, "AuthorizationError", "Chat is turned off for this livestream");
        await ApiAssert.ErrorAsync(guestWhileOff, HttpStatusCode.Forbidden, "AuthorizationError", "Chat is turned off for this livestream");
        Assert.Equal(HttpStatusCode.Created, memberAgain.StatusCode);
        Assert.Equal(["guest says hi", "members only now", "back"], Texts(await HistoryAsync(stream, "")));
    }

    [Fact]
    public async Task OnlyTheHostDeletesMessagesAndChangesSettings()
    {
        var (host, stream) = await LiveStreamAsync();
        var author = await JoinedAccountAsync(stream, "Author");
        var guest = await fixture.StartGuestAsync("Guest");
        await JoinAsync(guest, stream);
        var message = (await PostOkAsync(author, stream, "delete me")).GetProperty("id").GetInt64();
        var other = (await PostOkAsync(author, stream, "keep me")).GetProperty("id").GetInt64();
        await using var watcher = await OpenEventsAsync(stream);
        await watcher.NextAsync();
        var path = $"/api/v1/livestreams/{stream}/chat/{message}";
        var settings = new { enabled = false, guestsMayChat = false };

        using var byAuthor = await fixture.SendAsync(HttpMethod.Delete, path, author.AccessToken);
        using var byGuest = await fixture.SendAsync(HttpMethod.Delete, path, guest.AccessToken);
        using var byNobody = await fixture.SendAsync(HttpMethod.Delete, path, null);
        using var settingsByAuthor = await fixture.SendAsync(HttpMethod.Put, $"/api/v1/livestreams/{stream}/chat/settings", author.AccessToken, settings);
        using var settingsByGuest = await fixture.SendAsync(HttpMethod.Put, $"/api/v1/livestreams/{stream}/chat/settings", guest.AccessToken, settings);
        using var settingsByNobody = await fixture.SendAsync(HttpMethod.Put, $"/api/v1/livestreams/{stream}/chat/settings", null, settings);
        using var settingsHalf = await fixture.SendAsync(HttpMethod.Put, $"/api/v1/livestreams/{stream}/chat/settings", host.AccessToken, new { enabled = false });
        var untouched = await SettingsAsync(stream);
        using var byHost = await fixture.SendAsync(HttpMethod.Delete, path, host.AccessToken);
        var deletedEvent = await watcher.NextAsync(e => e.Type == "chat_message_deleted");
        using var again = await fixture.SendAsync(HttpMethod.Delete, path, host.AccessToken);
        using var unknown = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{stream}/chat/{other + 1_000_000}", host.AccessToken);
        using var malformed = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{stream}/chat/abc", host.AccessToken);
        var otherStream = await fixture.CreateStreamAsync(host);
        using var wrongStream = await fixture.SendAsync(HttpMethod.Delete, $"/api/v1/livestreams/{otherStream}/chat/{other}", host.AccessToken);

        await ApiAssert.ErrorAsync(byAuthor, HttpStatusCode.Forbidden, "AuthorizationError", "Only the host of the livestream can manage its chat");
        await ApiAssert.ErrorAsync(byGuest, HttpStatusCode.Forbidden, "AuthorizationError");
        await ApiAssert.ErrorAsync(byNobody, HttpStatusCode.Unauthorized, "AuthenticationError");
        await ApiAssert.ErrorAsync(settingsByAuthor, HttpStatusCode.Forbidden, "AuthorizationError", "Only the host of the livestream can manage its chat");
        await ApiAssert.ErrorAsync(settingsByGuest, HttpStatusCode.Forbidden, "AuthorizationError");
        await ApiAssert.ErrorAsync(settingsByNobody, HttpStatusCode.Unauthorized, "AuthenticationError");
        await ApiAssert.ErrorAsync(settingsHalf, HttpStatusCode.BadRequest, "ValidationError", "enabled and guestsMayChat are both required");
        Assert.Equal("""{"enabled":true,"guestsMayChat":true}""", untouched.GetRawText());
        Assert.Equal(HttpStatusCode.OK, byHost.StatusCode);
        var deleted = (await ApiFixture.ReadJsonAsync(byHost)).GetProperty("data");
        Assert.Equal($$"""{"id":{{message}},"deletedBy":"{{host.Id}}"}""", deleted.GetRawText());
        Assert.Equal(deleted.GetRawText(), deletedEvent.Data);
        // Deleting again changes nothing and tells nobody.
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(deleted.GetRawText(), (await ApiFixture.ReadJsonAsync(again)).GetProperty("data").GetRawText());
        await ApiAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NotFoundError");
        await ApiAssert.ErrorAsync(malformed, HttpStatusCode.NotFound, "NotFoundError");
        await ApiAssert.ErrorAsync(wrongStream, HttpStatusCode.NotFound, "NotFoundError", $"Chat message with ID {other} not found");
        Assert.Equal(["keep me"], Texts(await HistoryAsync(stream, "")));
        Assert.False(watcher.HasPendingEvent);
    }

    [Fact]
    public async Task APrivateStreamsChatIsNotThereForTheUninvited()
    {
        var host = await fixture.RegisterAsync("Host");
        var stream = await fixture.CreateStreamAsync(host, "PRIVATE");
        await JoinAsync(host, stream, "HOST");
        await PostOkAsync(host, stream, "just us");
        var stranger = await fixture.RegisterAsync("Stranger");
        var chat = $"/api/v1/livestreams/{stream}/chat";

        using var history = await fixture.SendAsync(HttpMethod.Get, chat, stranger.AccessToken);
        using var anonymousHistory = await fixture.SendAsync(HttpMethod.Get, chat, null);
        using var settings = await fixture.SendAsync(HttpMethod.Get, $"{chat}/settings", stranger.AccessToken);
        using var post = await PostAsync(stranger, stream, "let me in");
        using var delete = await fixture.SendAsync(HttpMethod.Delete, $"{chat}/1", stranger.AccessToken);
        using var put = await fixture.SendAsync(HttpMethod.Put, $"{chat}/settings", stranger.AccessToken, new { enabled = false, guestsMayChat = false });
        var hostsHistory = await HistoryAsync(stream, "", host);

        foreach (var response in new[] { history, anonymousHistory, settings, post, delete, put })
        {
            await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NotFoundError", $"Livestream with ID {stream} not found");
        }
        Assert.Equal(["just us"], Texts(hostsHistory));
    }

    [Fact]
    public async Task PostsPastTheLimitPerUserAndStreamAre429WithRetryAfter()
    {
        var (_, stream) = await LiveStreamAsync();
        var (_, otherStream) = await LiveStreamAsync();
        var chatty = await JoinedAccountAsync(stream, "Chatty");
        await JoinAsync(chatty, otherStream);
        var calm = await JoinedAccountAsync(stream, "Calm");

        for (var i = 0; i < 5; i++)
        {
            await PostOkAsync(chatty, stream, $"spam {i}");
        }
        using var limited = await PostAsync(chatty, stream, "spam 5");
        using var elsewhere = await PostAsync(chatty, otherStream, "over here");
        using var someoneElse = await PostAsync(calm, stream, "hi");

        await ApiAssert.ErrorAsync(limited, HttpStatusCode.TooManyRequests, "TooManyRequests", "Too many chat messages, please wait a moment");
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 3600);
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.Created, someoneElse.StatusCode);
        Assert.Equal(6, Texts(await HistoryAsync(stream, "")).Count);
    }

    [Fact]
    public async Task AReconnectWithLastEventIdGetsTheMessagesPostedWhileAwayOnceEach()
    {
        var (_, stream) = await LiveStreamAsync();
        var author = await JoinedAccountAsync(stream, "Author");
        string lastSeen;
        await using (var first = await OpenEventsAsync(stream))
        {
            await first.NextAsync();
            await PostOkAsync(author, stream, "before leaving");
            lastSeen = (await first.NextAsync(e => e.Type == "chat_message")).Id!;
        }
        await PostOkAsync(author, stream, "while away 1");
        await PostOkAsync(author, stream, "while away 2");

        await using var again = await OpenEventsAsync(stream, lastSeen);
        var replayed = new[] { await again.NextAsync(), await again.NextAsync(), await again.NextAsync() };
        await PostOkAsync(author, stream, "after return");
        var live = await again.NextAsync();

        Assert.Equal(["chat_message", "chat_message", "state"], replayed.Select(e => e.Type));
        Assert.Equal(["while away 1", "while away 2"], replayed.Take(2).Select(e => e.Json.GetProperty("text").GetString()));
        Assert.Equal([long.Parse(lastSeen) + 1, long.Parse(lastSeen) + 2, long.Parse(lastSeen) + 2], replayed.Select(e => e.NumericId));
        Assert.Equal("chat_message", live.Type);
        Assert.Equal("after return", live.Json.GetProperty("text").GetString());
        Assert.Equal(long.Parse(lastSeen) + 3, live.NumericId);
        Assert.False(again.HasPendingEvent);
    }

    private async Task<(SignedIn Host, string Stream)> LiveStreamAsync()
    {
        var host = await fixture.RegisterAsync("Host");
        return (host, await fixture.CreateStreamAsync(host));
    }

    private async Task<SignedIn> JoinedAccountAsync(string stream, string displayName)
    {
        var account = await fixture.RegisterAsync(displayName);
        await JoinAsync(account, stream);
        return account;
    }

    private async Task JoinAsync(SignedIn who, string stream, string role = "VIEWER")
    {
        using var join = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{stream}/join", who.AccessToken, new { role });
        Assert.Equal(HttpStatusCode.OK, join.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(SignedIn who, string stream, string text) =>
        fixture.SendAsync(HttpMethod.Post, $"/api/v1/livestreams/{stream}/chat", who.AccessToken, new { text });

    private async Task<JsonElement> PostOkAsync(SignedIn who, string stream, string text)
    {
        using var response = await PostAsync(who, stream, text);
        var body = await ApiFixture.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("data");
    }

    private async Task<JsonElement> HistoryAsync(string stream, string query, SignedIn? who = null)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{stream}/chat{query}", who?.AccessToken);
        var body = await ApiFixture.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static List<string?> Texts(JsonElement page) =>
        [.. page.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("text").GetString())];

    private async Task<JsonElement> SettingsAsync(string stream)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, $"/api/v1/livestreams/{stream}/chat/settings", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ApiFixture.ReadJsonAsync(response)).GetProperty("data");
    }

    private async Task<JsonElement> PutSettingsAsync(SignedIn who, string stream, bool enabled, bool guestsMayChat)
    {
        using var response = await fixture.SendAsync(HttpMethod.Put, $"/api/v1/livestreams/{stream}/chat/settings", who.AccessToken,
            new { enabled, guestsMayChat });
        var body = await ApiFixture.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("data");
    }

    private Task<SseConnection> OpenEventsAsync(string stream, string? lastEventId = null) =>
        SseConnection.OpenAsync(fixture.Client, $"/api/v1/livestreams/{stream}/events", lastEventId);
}
