using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Favorited.Core.Data;

/// <summary>
/// Stamps creation and update times from <see cref="TimeProvider"/> on every save, so no handler can
/// forget <c>updatedAt</c> and tests can control the clock.
/// </summary>
public sealed class TimestampInterceptor(TimeProvider timeProvider) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            switch (entry.Entity, entry.State)
            {
                case (Livestream livestream, EntityState.Added):
                    livestream.CreatedAt = now;
                    livestream.UpdatedAt = now;
                    break;
                case (Livestream livestream, EntityState.Modified):
                    livestream.UpdatedAt = now;
                    break;
                case (Participant { JoinedAt.Ticks: 0 } participant, EntityState.Added):
                    participant.JoinedAt = now;
                    break;
                case (WebhookEvent { ProcessedAt.Ticks: 0 } webhookEvent, EntityState.Added):
                    webhookEvent.ProcessedAt = now;
                    if (webhookEvent.ExpiresAt.Ticks == 0)
                    {
                        webhookEvent.ExpiresAt = now + WebhookEvent.Retention;
                    }
                    break;
            }
        }
    }
}
