using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Writes a health report in the original orchestrator's shape:
/// <c>{"success","message","timestamp","components":{"api":{"status","message","details"?,"error"?},…}}</c>.
/// Only in Development, or to a caller the <paramref name="detailsPolicy"/> admits, does a component say more than
/// healthy or unhealthy: its message, figures and error text tell an attacker what runs where.
/// The status code (200 healthy, 503 otherwise) is set by the health-check middleware.
/// </summary>
internal sealed class HealthResponseWriter(string componentName, string? detailsPolicy, TimeProvider timeProvider)
{
    private const string SelfCheckName = "self";

    public async Task WriteAsync(HttpContext context, HealthReport report)
    {
        var details = await MayReadDetailsAsync(context);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";

        var healthy = report.Status == HealthStatus.Healthy;
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteReport(json, report, healthy, details);
        }
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private async Task<bool> MayReadDetailsAsync(HttpContext context)
    {
        var services = context.RequestServices;
        if (services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            return true;
        }
        if (detailsPolicy is null)
        {
            return false;
        }
        // The endpoint itself is anonymous, so the policy's schemes are asked here, as the authorization middleware would.
        var policy = await services.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(detailsPolicy)
            ?? throw new InvalidOperationException($"No authorization policy named '{detailsPolicy}'.");
        var evaluator = services.GetRequiredService<IPolicyEvaluator>();
        var authenticated = await evaluator.AuthenticateAsync(policy, context);
        return (await evaluator.AuthorizeAsync(policy, authenticated, context, resource: null)).Succeeded;
    }

    private void WriteReport(Utf8JsonWriter json, HealthReport report, bool healthy, bool details)
    {
        json.WriteStartObject();
        json.WriteBoolean("success", healthy);
        json.WriteString("message", healthy
            ? $"Favorited {componentName} is running"
            : "Service degraded - check component status");
        json.WriteString("timestamp", timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
        json.WriteStartObject("components");
        foreach (var (name, entry) in report.Entries)
        {
            WriteComponent(json, name == SelfCheckName ? componentName : name, entry, details);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteComponent(Utf8JsonWriter json, string name, HealthReportEntry entry, bool details)
    {
        var healthy = entry.Status == HealthStatus.Healthy;
        json.WriteStartObject(name);
        json.WriteString("status", healthy ? "healthy" : "unhealthy");
        if (!details)
        {
            json.WriteEndObject();
            return;
        }
        json.WriteString("message", entry.Description ?? (healthy ? "Healthy" : "Unhealthy"));
        if (healthy && entry.Data.Count > 0)
        {
            json.WriteStartObject("details");
            foreach (var (key, value) in entry.Data)
            {
                json.WritePropertyName(key);
                JsonSerializer.Serialize(json, value);
            }
            json.WriteEndObject();
        }
        if (!healthy && entry.Exception is not null)
        {
            json.WriteString("error", entry.Exception.Message);
        }
        json.WriteEndObject();
    }
}
