using Favorited.Core.Data;
using Favorited.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Favorited.Core.Tests.Data;

/// <summary>Text PostgreSQL refuses never reaches a connection, so it cannot break the statements that follow on it.</summary>
public sealed class StorableTextTests(TestServers servers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Built from chars: an attribute's strings are stored as UTF-8, which cannot carry an unpaired surrogate.
    public static TheoryData<string, bool> Texts => new()
    {
        { "plain", true },
        { "émoji 🎥 and ünïcode", true },
        { "", true },
        { "nul\0inside", false },
        { "\0", false },
        { $"lone high {(char)0xD800} surrogate", false },
        { $"lone low {(char)0xDC00} surrogate", false },
        { $"reversed {(char)0xDC00}{(char)0xD800} pair", false },
        { $"ends with high {(char)0xD83C}", false },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void TextIsStorableWithoutNulAndUnpairedSurrogates(string text, bool storable) =>
        Assert.Equal(storable, StorableText.IsStorable(text));

    [Theory]
    [InlineData("""{"a":"b","c":[1,{"d":"\u00e9"}]}""", true)]
    [InlineData("""{"a":"\u0000"}""", false)]
    [InlineData("""{"\u0000":1}""", false)]
    [InlineData("""{"a":"\ud800"}""", false)]
    [InlineData("""{"a":"\ud83c\udfa5"}""", true)]
    [InlineData("""{"a":"\\u0000 is only text here"}""", true)]
    public void JsonIsStorableWhenEveryUnescapedStringIs(string json, bool storable) =>
        Assert.Equal(storable, StorableText.IsStorableJson(json));

    /// <summary>
    /// The fifth run of a statement is the one Npgsql auto-prepares. When PostgreSQL refused its parameters then, Npgsql
    /// kept the statement marked prepared without its row description, and every later run of it on that connection failed
    /// with "Received unexpected backend message DataRow".
    /// </summary>
    [Fact]
    public async Task RefusedTextOnTheRunThatPreparesAStatementLeavesTheConnectionWorking()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await servers.CreateDatabaseAsync(Ct))
        {
            MaxAutoPrepare = 64,
            MaxPoolSize = 1,
        }.ConnectionString;
        for (var i = 0; i < 4; i++)
        {
            await AddLivestreamAsync(connectionString, $"title {i}");
        }

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => AddLivestreamAsync(connectionString, "nul\0title"));

        Assert.StartsWith("@p", Assert.IsType<UnstorableTextException>(refused.InnerException).ParamName);
        for (var i = 0; i < 3; i++)
        {
            await AddLivestreamAsync(connectionString, $"after {i}");
        }
        await using var db = TestServers.CreateDbContext(connectionString);
        Assert.Equal(7, await db.Livestreams.CountAsync(Ct));
    }

    [Fact]
    public async Task QueriesJsonAndRawSqlAreCheckedBeforeTheyAreSent()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await servers.CreateDatabaseAsync(Ct)) { MaxAutoPrepare = 64 }.ConnectionString;
        await using var db = TestServers.CreateDbContext(connectionString);

        var creator = "a\0";
        await Assert.ThrowsAsync<UnstorableTextException>(() => db.Livestreams.Where(l => l.CreatedBy == creator).ToListAsync(Ct));
        var json = await Assert.ThrowsAsync<DbUpdateException>(() => AddLivestreamAsync(connectionString, "t", metadata: """{"a":"\u0000"}"""));
        Assert.IsType<UnstorableTextException>(json.InnerException);
        var surrogate = await Assert.ThrowsAsync<DbUpdateException>(() => AddLivestreamAsync(connectionString, $"lone {(char)0xD800}"));
        Assert.IsType<UnstorableTextException>(surrogate.InnerException);
        Assert.Throws<UnstorableTextException>(() => db.Database.Command("SELECT $1::text", "a\0"));
        Assert.Throws<UnstorableTextException>(() => db.Database.Command("SELECT unnest($1::text[])", (object)new[] { "ok", "b\0" }));

        await AddLivestreamAsync(connectionString, "fine", metadata: """{"a":"\u00e9"}""");
        Assert.Equal(1, await db.Livestreams.CountAsync(Ct));
    }

    private static async Task AddLivestreamAsync(string connectionString, string title, string? metadata = null)
    {
        await using var db = TestServers.CreateDbContext(connectionString);
        db.Livestreams.Add(new Livestream { RoomName = $"room-{Guid.NewGuid():N}", Title = title, CreatedBy = "creator", Metadata = metadata });
        await db.SaveChangesAsync(Ct);
    }
}
