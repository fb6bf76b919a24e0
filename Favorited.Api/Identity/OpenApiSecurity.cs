using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Favorited.Api.Identity;

/// <summary>
/// The OpenAPI document declares the bearer scheme every token kind uses (account, guest, external) and which operations need
/// one, so the browsable reference can call the Api with a token.
/// </summary>
public static class OpenApiSecurity
{
    private const string SchemeName = "Bearer";

    public static OpenApiOptions AddBearerSecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An access token from /api/v1/auth/login, /api/v1/auth/guest or /api/v1/auth/refresh, or a JWT from the configured identity provider.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(data => data.Policy);
            if (policies.Any(policy => policy is Policies.Account or Policies.Participant))
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
            }
            return Task.CompletedTask;
        });
        return options;
    }
}
