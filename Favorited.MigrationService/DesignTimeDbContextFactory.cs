using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Favorited.MigrationService;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FavoritedDbContext>
{
    public FavoritedDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<FavoritedDbContext>();
        options.UseNpgsql("Host=127.0.0.1;Database=favorited", npgsql =>
        {
            FavoritedDbContext.ConfigureNpgsql(npgsql);
            npgsql.MigrationsAssembly(typeof(DesignTimeDbContextFactory).Assembly.GetName().Name);
        });
        FavoritedDbContext.ConfigureConventions(options);
        return new FavoritedDbContext(options.Options);
    }
}
