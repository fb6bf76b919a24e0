using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Decides for spans that start a trace: a call to a database, a cache or another service (a client span) made outside
/// of any operation is not recorded. Those are background polls, such as the webhook worker reading its Redis Stream and
/// flushing held-back counts several times a second while it is idle, and they would drown the traces that matter. (A
/// service that calls out on its own, like the emulator delivering a webhook, then starts no trace; the receiver does.) Spans with a parent follow the parent's decision
/// (<see cref="ParentBasedSampler"/>), so calls made while handling a request or a webhook are always in its trace.
/// </summary>
public sealed class OperationsOnlySampler : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        new(samplingParameters.Kind == System.Diagnostics.ActivityKind.Client ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
}
