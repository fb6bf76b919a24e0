using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Favorited.MigrationService.Migrations
{
    /// <inheritdoc />
    public partial class LiveStateVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "live_state_version",
                table: "livestreams",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "live_state_version",
                table: "livestreams");
        }
    }
}
