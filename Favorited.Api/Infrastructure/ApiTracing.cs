using System.Diagnostics;

namespace Favorited.Api.Infrastructure;

/// <summary>The Api's own spans. The service defaults listen to the source named after the application, which is this.</summary>
public static class ApiTracing
{
    public static readonly ActivitySource Source = new("Favorited.Api");
}
