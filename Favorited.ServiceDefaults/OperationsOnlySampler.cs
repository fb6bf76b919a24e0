using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Decides for spans that start a trace: a call to a database, a cache or another service (a client span) made outside
/// of any operation is not recorded. Those are background polls, such as the webhook worker reading its Redis Stream and
/// flushing held-back counts several times a second while it is idle, and they would drown the traces that matter.
/// Spans with a parent follow the parent's decision (<see cref="ParentBasedSampler"/>), so calls made while handling a
/// request or a webhook are always in its trace. A request from a caller that was not recorded (a service calling out
/// on its own: its trace context says "not sampled") is decided like a root, so the receiver's work is still recorded.
/// </summary>
public sealed class OperationsOnlySampler : Sampler
{
    /// <summary>The sampler to install: this one for roots and for requests from unrecorded callers, the parent's decision otherwise.</summary>
    public static Sampler ParentBased() =>
        new ParentBasedSampler(new OperationsOnlySampler(), remoteParentNotSampled: new OperationsOnlySampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        new(samplingParameters.Kind == ActivityKind.Client ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
}
