using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace Favorited.Api.Infrastructure;

/// <summary>
/// Which peers may say who the client is (section <c>ForwardedHeaders</c>). <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are read only from these; from anyone else they change nothing, so a caller cannot pick the
/// address its rate limits count against. None is trusted by default; in Development loopback is (the Vite dev server
/// forwards <c>/api</c> to the Api).
/// </summary>
public sealed class ProxyTrustOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. nginx's.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. an Azure Container Apps environment's infrastructure subnet.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row are read back from the end of <c>X-Forwarded-For</c>.</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;
}

public static class ProxyTrust
{
    public static IServiceCollection AddProxyTrust(this IServiceCollection services)
    {
        services.AddOptions<ProxyTrustOptions>().BindConfiguration(ProxyTrustOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => options.KnownProxies.All(proxy => IPAddress.TryParse(proxy, out _)),
                $"{ProxyTrustOptions.SectionName}:KnownProxies must be IP addresses")
            .Validate(options => options.KnownNetworks.All(network => IPNetwork.TryParse(network, out _)),
                $"{ProxyTrustOptions.SectionName}:KnownNetworks must be networks in CIDR form, e.g. 10.0.0.0/23")
            .ValidateOnStart();

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyTrustOptions>, IHostEnvironment>(
            (forwarded, trust, environment) =>
            {
                forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                forwarded.ForwardLimit = trust.Value.ForwardLimit;
                // The framework trusts loopback by default; here only what is configured is.
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                if (environment.IsDevelopment())
                {
                    forwarded.KnownIPNetworks.Add(IPNetwork.Parse("127.0.0.0/8"));
                    forwarded.KnownProxies.Add(IPAddress.IPv6Loopback);
                }
                foreach (var proxy in trust.Value.KnownProxies)
                {
                    forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
                }
                foreach (var network in trust.Value.KnownNetworks)
                {
                    forwarded.KnownIPNetworks.Add(IPNetwork.Parse(network));
                }
            });
        return services;
    }

    /// <summary>Reads forwarded headers from the trusted proxies; with none trusted, not at all.</summary>
    public static IApplicationBuilder UseTrustedForwardedHeaders(this IApplicationBuilder app)
    {
        var forwarded = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        // The middleware takes empty trust lists to mean "trust every peer", so with none trusted it must not run.
        return forwarded.KnownProxies.Count > 0 || forwarded.KnownIPNetworks.Count > 0 ? app.UseForwardedHeaders() : app;
    }
}
