using Favorited.Core.Data;
using Favorited.Core.LiveKit;
using Favorited.Core.Sessions;

namespace Favorited.WebhookWorker.Processing;

/// <param name="Stream">The livestream the event's room belongs to, locked for the transaction; null when none does.</param>
/// <param name="Sessions">The participant sessions of the transaction (shared by every webhook of a batch).</param>
public sealed record WebhookContext(FavoritedDbContext Db, LiveKitWebhookEvent Event, Livestream? Stream, DateTime Now, SessionLookup Sessions);
