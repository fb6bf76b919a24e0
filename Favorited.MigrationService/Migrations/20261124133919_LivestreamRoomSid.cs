using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Favorited.MigrationService.Migrations
{
    /// <inheritdoc />
    public partial class LivestreamRoomSid : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "livekit_room_sid",
                table: "livestreams",
                type: "text",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_livestreams_livekit_room_sid",
                table: "livestreams",
                column: "livekit_room_sid");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_livestreams_livekit_room_sid",
                table: "livestreams");

            migrationBuilder.DropColumn(
                name: "livekit_room_sid",
                table: "livestreams");
        }
    }
}
