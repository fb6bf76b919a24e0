using static Favorited.WebhookWorker.Tests.Analytics.ScriptWebhook;

namespace Favorited.WebhookWorker.Tests.Analytics;

/// <summary>One step of docs/design/analytics.md §5's table, made when the processing clock reads <see cref="Proc"/>.</summary>
internal abstract record ScriptStep(int Number, int Proc);

/// <summary>Webhooks committed together.</summary>
internal sealed record Deliver(int Number, int Proc, params IReadOnlyList<ScriptWebhook> Webhooks) : ScriptStep(Number, Proc);

internal sealed record StageInvite(int Number, int Proc, string User) : ScriptStep(Number, Proc);

internal sealed record StageStepDown(int Number, int Proc, string User) : ScriptStep(Number, Proc);

internal sealed record Ban(int Number, int Proc, string User) : ScriptStep(Number, Proc);

/// <summary>The 24 steps of the scenario, in the order they are delivered.</summary>
internal static class AudienceScript
{
    private static readonly ScriptWebhook JoinA = Join("w2", "A", "PA_A1", 10);
    private static readonly ScriptWebhook[] EndAndStart = [Left("w16a", "B", "PA_B2", 400, joinedAt: 230), Join("w16b", "G", "PA_G1", 400)];

    public static readonly IReadOnlyList<ScriptStep> Steps =
    [
        new Deliver(1, 0, Join("w1", "H", "PA_H1", 0)),
        new Deliver(2, 10, JoinA),
        new Deliver(3, 20, Join("w3", "B", "PA_B1", 20)),
        new Deliver(4, 50, Join("w4", "D", "PA_D1", 50)),
        new Deliver(5, 60, Join("w5", "E", "PA_E1", 60)),
        new Deliver(6, 105, Left("w6", "C", "PA_C1", 100, joinedAt: 30)),
        new Deliver(7, 110, Join("w7", "C", "PA_C1", 30)),
        new StageInvite(8, 120, "E"),
        new Deliver(9, 130, Left("w9", "A", "PA_A1", 130, joinedAt: 10)),
        new Deliver(10, 135, JoinA),
        new StageStepDown(11, 180, "E"),
        new Deliver(12, 200, Left("w12", "B", "PA_B1", 200, joinedAt: 20)),
        new Deliver(13, 230, Join("w13", "B", "PA_B2", 230)),
        new Deliver(14, 300, Join("w14", "F", "PA_F1", 300)),
        new Deliver(15, 360, Left("w15", "E", "PA_E1", 360, joinedAt: 60)),
        new Deliver(16, 400, EndAndStart),
        new Deliver(17, 421, Join("w17", "F", "PA_F2", 420)),
        new Deliver(18, 425, Left("w18", "F", "PA_F1", 420, joinedAt: 300)),
        new Ban(19, 450, "G"),
        new Deliver(20, 452, Left("w20", "G", "PA_G1", 451, joinedAt: 400)),
        new Deliver(21, 460, Join("w21", "G", "PA_G2", 460)),
        new Deliver(22, 560, Left("w22", "F", "PA_F2", 500, joinedAt: 420)),
        new Deliver(23, 600, RoomFinished("w23", 600)),
        new Deliver(24, 605, [Left("w24", "D", "PA_D1", 600, joinedAt: 50), .. EndAndStart]),
    ];

    /// <summary>Every webhook in a commit of its own.</summary>
    public static IReadOnlyList<ScriptStep> OneWebhookPerCommit =>
        [.. Steps.SelectMany(step => step is Deliver deliver
            ? deliver.Webhooks.Select(webhook => (ScriptStep)new Deliver(step.Number, step.Proc, webhook))
            : [step])];

    /// <summary>
    /// Each run of participant webhooks between the other steps in one commit, made at the run's last processing time, as
    /// a worker that fell behind would batch them; a room's end is never batched (nor is it by the worker).
    /// </summary>
    public static IReadOnlyList<ScriptStep> Batched
    {
        get
        {
            var steps = new List<ScriptStep>();
            foreach (var step in Steps)
            {
                if (step is Deliver deliver && deliver.Webhooks.All(w => w.IsParticipantEvent)
                    && steps.LastOrDefault() is Deliver run && run.Webhooks.All(w => w.IsParticipantEvent))
                {
                    steps[^1] = new Deliver(step.Number, step.Proc, [.. run.Webhooks, .. deliver.Webhooks]);
                }
                else
                {
                    steps.Add(step);
                }
            }
            return steps;
        }
    }
}
