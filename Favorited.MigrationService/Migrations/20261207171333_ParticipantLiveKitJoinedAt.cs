using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Favorited.MigrationService.Migrations
{
    /// <inheritdoc />
    public partial class ParticipantLiveKitJoinedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "livekit_joined_at",
                table: "participants",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "livekit_joined_at",
                table: "participants");
        }
    }
}
