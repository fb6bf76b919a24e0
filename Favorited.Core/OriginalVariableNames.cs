using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Favorited.Core;

/// <summary>
/// The original Node orchestrator's environment variables, accepted by the services as aliases of the settings they
/// stand for. An alias counts only where its setting is unset or empty; a number it does not hold is ignored.
/// </summary>
public static class OriginalVariableNames
{
    private static readonly Alias[] Aliases =
    [
        new("LIVEKIT_URL", "LiveKit:Url", Text),
        new("LIVEKIT_API_KEY", "LiveKit:ApiKey", Text),
        new("LIVEKIT_API_SECRET", "LiveKit:ApiSecret", Text),
        new("TOKEN_EXPIRATION_HOURS", "LiveKit:TokenTtl", Hours),
        new("WEBHOOK_QUEUE_CONCURRENCY", "Webhooks:Concurrency", WholeNumber),
    ];

    /// <summary>Binds the options to <paramref name="section"/>, then fills in what the aliases give for its unset settings.</summary>
    public static OptionsBuilder<TOptions> BindConfigurationOrOriginalNames<TOptions>(this OptionsBuilder<TOptions> builder,
        string section) where TOptions : class =>
        builder.BindConfiguration(section)
            .PostConfigure<IConfiguration>((options, configuration) => Resolve(configuration).GetSection(section).Bind(options));

    /// <summary>The settings only an alias gives, under their own keys (e.g. <c>LiveKit:Url</c> from <c>LIVEKIT_URL</c>).</summary>
    internal static IConfiguration Resolve(IConfiguration configuration)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var alias in Aliases)
        {
            if (string.IsNullOrEmpty(configuration[alias.Setting])
                && configuration[alias.Name] is { Length: > 0 } value
                && alias.Convert(value) is { } converted)
            {
                settings[alias.Setting] = converted;
            }
        }
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    private static string? Text(string value) => value;

    // The original counted its token lifetime in hours; Favorited's setting is a TimeSpan.
    private static string? Hours(string value) =>
        double.TryParse(value, CultureInfo.InvariantCulture, out var hours)
            ? TimeSpan.FromHours(hours).ToString("c", CultureInfo.InvariantCulture)
            : null;

    private static string? WholeNumber(string value) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out var number) ? number.ToString(CultureInfo.InvariantCulture) : null;

    /// <param name="Name">The original's variable.</param>
    /// <param name="Setting">Favorited's configuration key for the same thing.</param>
    /// <param name="Convert">The setting's value for the variable's, or null when the variable's cannot be read.</param>
    private sealed record Alias(string Name, string Setting, Func<string, string?> Convert);
}
