using System.Net.Sockets;
using System.Text.Json;
using Favorited.WebhookWorker.Consuming;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using StackExchange.Redis;

namespace Favorited.WebhookWorker.Tests;

public sealed class WebhookFailureTests
{
    private static readonly NpgsqlException ConnectionRefused =
        new("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));

    private static PostgresException Postgres(string sqlState) => new("refused", "ERROR", "ERROR", sqlState);

    [Fact]
    public void OutagesOfPostgresOrRedisAreTransient()
    {
        Exception[] outages =
        [
            ConnectionRefused,
            new NpgsqlException("Exception while reading from stream", new IOException("Connection reset")),
            new NpgsqlException("The operation has timed out", new TimeoutException()),
            Postgres(PostgresErrorCodes.AdminShutdown),
            Postgres(PostgresErrorCodes.CannotConnectNow),
            Postgres(PostgresErrorCodes.TooManyConnections),
            Postgres(PostgresErrorCodes.DeadlockDetected),
            Postgres(PostgresErrorCodes.SerializationFailure),
            // What EF Core throws when its own retries ran out, or when saving hit a lost connection.
            new RetryLimitExceededException("Maximum number of retries (3) exceeded", ConnectionRefused),
            new DbUpdateException("An error occurred while saving the entity changes", Postgres(PostgresErrorCodes.AdminShutdown)),
            new InvalidOperationException("An exception has been raised that is likely due to a transient failure", ConnectionRefused),
            new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No connection is available"),
            new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent),
            new RedisServerException("LOADING Redis is loading the dataset in memory"),
            new TimeoutException(),
            new SocketException((int)SocketError.ConnectionReset),
            new AggregateException(new InvalidOperationException("first"), ConnectionRefused),
        ];

        Assert.All(outages, outage => Assert.Equal(WebhookFailure.Transient, WebhookFailures.Classify(outage)));
    }

    [Fact]
    public void UnreadableEntriesAndDataTheDatabaseRefusesArePermanent()
    {
        Exception[] refusals =
        [
            new JsonException("'n' is an invalid start of a value"),
            new InvalidDataException("The webhook body is JSON null."),
            Postgres(PostgresErrorCodes.StringDataRightTruncation),
            Postgres(PostgresErrorCodes.InvalidTextRepresentation),
            Postgres(PostgresErrorCodes.UntranslatableCharacter),
            Postgres(PostgresErrorCodes.NotNullViolation),
            Postgres(PostgresErrorCodes.CheckViolation),
            Postgres(PostgresErrorCodes.ForeignKeyViolation),
            new DbUpdateException("An error occurred while saving the entity changes", Postgres(PostgresErrorCodes.NumericValueOutOfRange)),
        ];

        Assert.All(refusals, refusal => Assert.Equal(WebhookFailure.Permanent, WebhookFailures.Classify(refusal)));
    }

    [Fact]
    public void ConflictsAndEverythingElseAreUnexpected()
    {
        Exception[] others =
        [
            // Another writer inserted the row first: a retry reads it, so this is not refused for good.
            new DbUpdateException("An error occurred while saving the entity changes", Postgres(PostgresErrorCodes.UniqueViolation)),
            Postgres(PostgresErrorCodes.ExclusionViolation),
            Postgres(PostgresErrorCodes.UndefinedTable),
            new InvalidOperationException("a handler's bug"),
            new NullReferenceException(),
        ];

        Assert.All(others, other => Assert.Equal(WebhookFailure.Unexpected, WebhookFailures.Classify(other)));
    }
}
