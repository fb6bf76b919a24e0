namespace Favorited.LiveKitEmulator;

/// <summary>
/// An egress's statuses and webhooks as LiveKit's egress service reports them: starting (<c>egress_started</c>),
/// active and ending (<c>egress_updated</c>), then complete, failed or aborted (<c>egress_ended</c>). Output results
/// get their times (Unix nanoseconds) as the pipeline would set them. While active, the egress's recorder (LiveKit's
/// template page) is in the room as a hidden participant of kind EGRESS whose identity is the egress id, as LiveKit's
/// egress token makes it: joining before the egress is active, leaving once it ends. Call with the store locked.
/// </summary>
internal sealed class EgressLifecycle(RoomStore store, IoStore io, WebhookDispatcher webhooks, EmulatorOptions options)
{
    /// <summary>What a test may say about a finished output; what it leaves out is made up from the egress's own times.</summary>
    public sealed record OutputResult(string? Location = null, long? Size = null, double? DurationSeconds = null, long? SegmentCount = null);

    /// <summary>The request was accepted, and the emulated pipeline comes up at once.</summary>
    public void Started(Egress egress)
    {
        webhooks.SendEgressEvent("egress_started", egress);
        JoinRoom(egress);
        var now = io.NowNanoseconds();
        egress.Status = "EGRESS_ACTIVE";
        egress.StartedAt = now;
        egress.UpdatedAt = now;
        egress.Streams.ForEach(s => s.StartedAt = now);
        egress.Files.ForEach(f => f.StartedAt = now);
        egress.Segments.ForEach(s => s.StartedAt = now);
        webhooks.SendEgressEvent("egress_updated", egress);
    }

    /// <summary>Urls were added and <paramref name="removed"/> finish; with no output left the egress ends ("All streams stopped").</summary>
    public void StreamsChanged(Egress egress, IReadOnlyList<EgressStream> removed)
    {
        var now = io.NowNanoseconds();
        foreach (var stream in removed)
        {
            stream.End("FINISHED", now);
        }
        if (!HasOutputLeft(egress))
        {
            EndAndMaybeComplete(egress, "All streams stopped");
            return;
        }
        egress.UpdatedAt = now;
        webhooks.SendEgressEvent("egress_updated", egress);
    }

    /// <returns>StopEgress's reply: the egress as it is once ending.</returns>
    public IResult Stop(Egress egress, string reason)
    {
        if (egress.Status == "EGRESS_ENDING")
        {
            return TwirpCall.Reply(egress.ToProto());
        }
        var reply = Ending(egress, reason);
        if (options.CompleteEgressOnStop)
        {
            Complete(egress, [], []);
        }
        return TwirpCall.Reply(reply);
    }

    /// <summary>The room closed under a room composite egress: it ends as LiveKit's does when its source goes.</summary>
    public void SourceClosed(Egress egress)
    {
        if (egress.IsActive)
        {
            EndAndMaybeComplete(egress, "Source closed");
        }
    }

    /// <summary>The outputs are finalised and uploaded: <c>EGRESS_COMPLETE</c> with their results.</summary>
    public void Complete(Egress egress, IReadOnlyList<OutputResult> files, IReadOnlyList<OutputResult> segments)
    {
        if (egress.Status == "EGRESS_ACTIVE")
        {
            Ending(egress, "Source closed");
        }
        var now = io.NowNanoseconds();
        foreach (var stream in egress.Streams.Where(s => s.Status == "ACTIVE"))
        {
            stream.End("FINISHED", now);
        }
        for (var i = 0; i < egress.Files.Count; i++)
        {
            var file = egress.Files[i];
            var given = i < files.Count ? files[i] : new OutputResult();
            file.EndedAt = now;
            file.Duration = Nanoseconds(given.DurationSeconds) ?? now - file.StartedAt;
            file.Size = given.Size ?? 0;
            file.Location = given.Location ?? file.Location;
        }
        for (var i = 0; i < egress.Segments.Count; i++)
        {
            var segment = egress.Segments[i];
            var given = i < segments.Count ? segments[i] : new OutputResult();
            segment.EndedAt = now;
            segment.Duration = Nanoseconds(given.DurationSeconds) ?? now - segment.StartedAt;
            segment.Size = given.Size ?? 0;
            segment.PlaylistLocation = given.Location ?? segment.PlaylistLocation;
            var segmentNanoseconds = segment.SegmentDurationSeconds * 1_000_000_000L;
            segment.SegmentCount = given.SegmentCount ?? (segment.Duration + segmentNanoseconds - 1) / segmentNanoseconds;
        }
        egress.Status = "EGRESS_COMPLETE";
        egress.EndedAt = now;
        egress.UpdatedAt = now;
        webhooks.SendEgressEvent("egress_ended", egress);
    }

    /// <summary>The pipeline failed: <c>EGRESS_FAILED</c> with the error and its HTTP-style code.</summary>
    public void Fail(Egress egress, string error, int errorCode)
    {
        LeaveRoom(egress);
        var now = io.NowNanoseconds();
        foreach (var stream in egress.Streams.Where(s => s.Status == "ACTIVE"))
        {
            stream.End("FINISHED", now);
        }
        egress.Status = "EGRESS_FAILED";
        egress.Error = error;
        egress.ErrorCode = errorCode;
        egress.Details = egress.Details.Length > 0 ? egress.Details : "End reason: Failure";
        egress.EndedAt = now;
        egress.UpdatedAt = now;
        webhooks.SendEgressEvent("egress_ended", egress);
    }

    /// <summary>
    /// One RTMP output failed: the stream is marked failed; when it was the last output, the egress fails with its error
    /// (code 503, LiveKit's <c>Unavailable</c>).
    /// </summary>
    public void StreamFailed(Egress egress, EgressStream stream, string error)
    {
        var now = io.NowNanoseconds();
        stream.End("FAILED", now, error);
        if (!HasOutputLeft(egress))
        {
            Fail(egress, error, 503);
            return;
        }
        egress.UpdatedAt = now;
        webhooks.SendEgressEvent("egress_updated", egress);
    }

    private void EndAndMaybeComplete(Egress egress, string reason)
    {
        Ending(egress, reason);
        if (options.CompleteEgressOnStop)
        {
            Complete(egress, [], []);
        }
    }

    /// <returns>The egress as it was when ending began.</returns>
    private ProtoMessage Ending(Egress egress, string reason)
    {
        egress.Status = "EGRESS_ENDING";
        egress.Details = $"End reason: {reason}";
        egress.UpdatedAt = io.NowNanoseconds();
        webhooks.SendEgressEvent("egress_updated", egress);
        var reply = egress.ToProto();
        LeaveRoom(egress);
        return reply;
    }

    // egress.BuildEgressToken: subscribe only, hidden, a recorder.
    private void JoinRoom(Egress egress)
    {
        if (store.Find(egress.RoomName) is not { } room)
        {
            return;
        }
        var permission = new ParticipantPermission { CanSubscribe = true, Hidden = true, Recorder = true };
        var recorder = store.NewParticipant(egress.EgressId, "", "", permission, new Dictionary<string, string>(), kind: "EGRESS");
        // The room going (deleted, or the recorder removed) is the egress's source closing.
        recorder.OnRemovedByServer = () => SourceClosed(egress);
        room.Participants[recorder.Identity] = recorder;
        webhooks.Send("participant_joined", room, recorder);
    }

    private void LeaveRoom(Egress egress)
    {
        if (store.FindParticipant(egress.RoomName, egress.EgressId) is ({ } room, { Kind: "EGRESS" } recorder))
        {
            recorder.OnRemovedByServer = null;
            EmulatorControl.Disconnect(room, recorder.Identity, webhooks, "CLIENT_INITIATED");
        }
    }

    private static bool HasOutputLeft(Egress egress) =>
        egress.Files.Count + egress.Segments.Count + egress.Streams.Count(s => s.Status == "ACTIVE") > 0;

    private static long? Nanoseconds(double? seconds) => seconds is { } s ? (long)(s * 1_000_000_000) : null;
}
