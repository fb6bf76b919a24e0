namespace Favorited.Api.Infrastructure;

/// <summary>
/// Browsers may call the Api from the origins in <c>Cors:AllowedOrigins</c> (or the original's
/// comma-separated <c>CLIENT_URL</c>); by default only the local Vite dev server's. Other origins get no CORS
/// headers, so the browser refuses them; the original answered them with a 500.
/// </summary>
public static class CorsPolicy
{
    private static readonly string[] DefaultOrigins =
        ["http://localhost:5173", "http://127.0.0.1:5173", "http://localhost:3000", "http://localhost"];

    public static IServiceCollection AddFavoritedCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>()
            ?? configuration["CLIENT_URL"]?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            ?? DefaultOrigins;

        return services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .AllowCredentials()
            .WithMethods("GET", "POST", "PUT", "DELETE", "OPTIONS")
            .WithHeaders("Content-Type", "Authorization", "Last-Event-ID")
            .SetPreflightMaxAge(TimeSpan.FromDays(1))));
    }
}
