using Favorited.Core.Analytics;
using Favorited.Core.Data;
using FsCheck;
using FsCheck.Fluent;

namespace Favorited.Core.Tests.Analytics;

/// <summary>One stage of a connected interval: its length in quarter seconds and its role.</summary>
internal readonly record struct Stage(int Quarters, bool Host);

/// <summary>A true connected interval: from <see cref="Start"/> (quarter seconds), its stages one after another.</summary>
internal sealed record TrueInterval(int Start, Stage[] Stages)
{
    public int End => Start + Stages.Sum(s => s.Quarters);

    public override string ToString() => $"{Start}:[{string.Join(",", Stages.Select(s => $"{(s.Host ? "H" : "V")}{s.Quarters}"))}]";
}

/// <summary>A person's true history: intervals in order, apart or touching, never overlapping.</summary>
internal sealed record History(string User, TrueInterval[] Intervals)
{
    public override string ToString() => $"{User} {string.Join(" ", Intervals.Select(i => i.ToString()))}";
}

/// <summary>True histories, a window of <see cref="WindowQuarters"/>, and a seed for how the sessions are delivered.</summary>
internal sealed record AudienceCase(History[] People, int WindowQuarters, bool Live, int DeliverySeed)
{
    public const long QuarterMs = 250;

    public override string ToString() =>
        $"window {WindowQuarters}q, live {Live}, seed {DeliverySeed}; {string.Join("; ", People.Select(p => p.ToString()))}";

    public static Gen<AudienceCase> Generator()
    {
        var stage =
            from quarters in Gen.Choose(1, 160)
            from host in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
            select new Stage(quarters, host);
        var intervalShape =
            from gap in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 200)))
            from count in Gen.Choose(1, 3)
            from stages in Gen.ArrayOf(stage, count)
            select (Gap: gap, Stages: stages);
        var history =
            from count in Gen.Choose(0, 4)
            from shapes in Gen.ArrayOf(intervalShape, count)
            select shapes;
        return
            from people in Gen.Choose(0, 8)
            from shapes in Gen.ArrayOf(history, people)
            from starts in Gen.ArrayOf(Gen.Choose(0, 400), people)
            from window in Gen.Choose(0, 2_400)
            from live in Gen.Elements(false, true)
            from seed in Gen.Choose(0, int.MaxValue)
            select new AudienceCase(
                shapes.Select((intervals, p) => new History($"u{p}", Lay(starts[p], intervals))).ToArray(),
                window, live, seed);
    }

    private static TrueInterval[] Lay(int firstStart, (int Gap, Stage[] Stages)[] shapes)
    {
        var intervals = new TrueInterval[shapes.Length];
        var at = firstStart;
        for (var i = 0; i < shapes.Length; i++)
        {
            at += i == 0 ? 0 : shapes[i].Gap;
            intervals[i] = new TrueInterval(at, shapes[i].Stages);
            at = intervals[i].End;
        }
        return intervals;
    }

    /// <summary>One session per true interval, split at its role changes: what a faithful record gives.</summary>
    public AudienceInput Faithful() => Input(People.SelectMany(p => p.Intervals.SelectMany((interval, i) =>
        SessionSpans(p.User, $"{p.User}-{i}", interval.Start, interval.End, interval))));

    /// <summary>
    /// The same histories as an untidy record gives them: intervals split into strictly overlapping sessions, evicted
    /// sessions inside an interval, duplicated spans, all in a random order.
    /// </summary>
    public AudienceInput Untidy()
    {
        var random = new Random(DeliverySeed);
        var spans = new List<AudienceSpan>();
        foreach (var person in People)
        {
            for (var i = 0; i < person.Intervals.Length; i++)
            {
                var interval = person.Intervals[i];
                var (start, end) = (interval.Start, interval.End);
                var session = $"{person.User}-{i}";
                if (end - start >= 2 && random.Next(2) == 0)
                {
                    var cut = random.Next(start + 1, end);
                    var overlap = random.Next(1, cut - start + 1);
                    spans.AddRange(SessionSpans(person.User, session + "a", start, cut, interval));
                    spans.AddRange(SessionSpans(person.User, session + "b", cut - overlap, end, interval));
                }
                else
                {
                    spans.AddRange(SessionSpans(person.User, session, start, end, interval));
                }
                for (var extra = random.Next(3); extra > 0; extra--)
                {
                    var from = random.Next(start, end);
                    var to = random.Next(from + 1, end + 1);
                    spans.AddRange(random.Next(2) == 0
                        ? SessionSpans(person.User, $"{session}-x{extra}", from, to, interval)
                        : [Span(person.User, $"{session}-x{extra}", ParticipantRole.Viewer, from, to)]);
                }
            }
        }
        var duplicates = spans.Where(_ => random.Next(4) == 0).ToList();
        spans.AddRange(duplicates);
        return Input(spans.OrderBy(_ => random.Next()));
    }

    /// <summary>The interval's stages within <c>[from, to)</c>, as one session's spans.</summary>
    private static IEnumerable<AudienceSpan> SessionSpans(string user, string session, int from, int to, TrueInterval interval)
    {
        var at = interval.Start;
        foreach (var stage in interval.Stages)
        {
            var (start, end) = (Math.Max(at, from), Math.Min(at + stage.Quarters, to));
            if (start < end)
            {
                yield return Span(user, session, stage.Host ? ParticipantRole.Host : ParticipantRole.Viewer, start, end);
            }
            at += stage.Quarters;
        }
    }

    private static AudienceSpan Span(string user, string session, ParticipantRole role, int from, int to) =>
        new(AudienceInputs.SessionId(session), user, $"Person {user}", role, AudienceInputs.At(from * QuarterMs), AudienceInputs.At(to * QuarterMs));

    private AudienceInput Input(IEnumerable<AudienceSpan> spans) =>
        AudienceInputs.Input(WindowQuarters * QuarterMs, spans, Live);
}
