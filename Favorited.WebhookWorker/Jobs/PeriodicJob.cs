using Favorited.WebhookWorker.Processing;

namespace Favorited.WebhookWorker.Jobs;

/// <summary>
/// Runs a job at start and then at a fixed interval, in one replica at a time (the others skip that round),
/// never overlapping itself. A failed run is logged and the next one comes as scheduled.
/// </summary>
public abstract class PeriodicJob(SingleRunnerLock runnerLock, TimeProvider timeProvider, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock { get; } = timeProvider;

    protected abstract string Name { get; }
    protected abstract TimeSpan Interval { get; }

    /// <returns>A one-line summary for the log.</returns>
    protected abstract Task<string> RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Clock);
        do
        {
            await TryRunAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <returns>Whether this replica ran the job (false when another one holds it).</returns>
    public async Task<bool> TryRunAsync(CancellationToken cancellationToken)
    {
        // A trace per round: without a parent, its database and Redis calls would not be recorded.
        using var activity = WebhookProcessor.ActivitySource.StartActivity($"job {Name}");
        try
        {
            // The lease outlives a normal run but frees itself soon after a holder dies.
            await using var lease = await runnerLock.TryAcquireAsync(Name, Interval + TimeSpan.FromMinutes(1));
            if (lease is null)
            {
                activity?.SetTag("favorited.job.skipped", true);
                return false;
            }
            Log.JobCompleted(logger, Name, await RunOnceAsync(cancellationToken));
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            Log.JobFailed(logger, Name, ex);
            return false;
        }
    }
}
