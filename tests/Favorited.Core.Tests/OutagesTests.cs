using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using StackExchange.Redis;

namespace Favorited.Core.Tests;

/// <summary>The one rule, shared by the Api (503) and the webhook worker (retry until it passes), for "PostgreSQL or Redis is away".</summary>
public sealed class OutagesTests
{
    private static readonly NpgsqlException ConnectionRefused =
        new("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));

    private static PostgresException Postgres(string sqlState) => new("refused", "ERROR", "ERROR", sqlState);

    [Fact]
    public void UnreachableOverloadedOrRefusingServersAreOutagesHoweverDeeplyWrapped()
    {
        Exception[] outages =
        [
            ConnectionRefused,
            Postgres(PostgresErrorCodes.AdminShutdown),
            Postgres(PostgresErrorCodes.TooManyConnections),
            new RetryLimitExceededException("Maximum number of retries (3) exceeded"),
            new DbUpdateException("An error occurred while saving the entity changes", Postgres(PostgresErrorCodes.CannotConnectNow)),
            new InvalidOperationException("outer", new InvalidOperationException("middle", ConnectionRefused)),
            new AggregateException(new InvalidOperationException("first"), ConnectionRefused),
            new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No connection is available"),
            new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent),
            new RedisServerException("LOADING Redis is loading the dataset in memory"),
            new RedisServerException("NOPERM User default has no permissions to run the 'evalsha' command"),
            new TimeoutException(),
            new SocketException((int)SocketError.ConnectionReset),
        ];

        Assert.All(outages, outage => Assert.True(Outages.IsOutage(outage), outage.ToString()));
    }

    [Fact]
    public void PostgresRefusalsAndBugsAreNotOutages()
    {
        Exception[] others =
        [
            Postgres(PostgresErrorCodes.UniqueViolation),
            Postgres(PostgresErrorCodes.UndefinedTable),
            new DbUpdateException("An error occurred while saving the entity changes", Postgres(PostgresErrorCodes.NotNullViolation)),
            new InvalidOperationException("a bug"),
            new AggregateException(new InvalidOperationException("first"), new NullReferenceException()),
        ];

        Assert.All(others, other => Assert.False(Outages.IsOutage(other), other.ToString()));
    }
}
