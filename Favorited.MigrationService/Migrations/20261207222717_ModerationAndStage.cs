using System;
using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Favorited.MigrationService.Migrations
{
    /// <inheritdoc />
    public partial class ModerationAndStage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:leave_reason", "BANNED,REMOVED")
                .Annotation("Npgsql:Enum:livestream_status", "ENDED,ERROR,LIVE,SCHEDULED")
                .Annotation("Npgsql:Enum:livestream_visibility", "PRIVATE,PUBLIC")
                .Annotation("Npgsql:Enum:moderation_action", "BAN,MUTE,REMOVE,STAGE_INVITE,STAGE_REMOVE,UNBAN")
                .Annotation("Npgsql:Enum:participant_role", "HOST,VIEWER")
                .Annotation("Npgsql:Enum:participant_status", "JOINED,LEFT")
                .OldAnnotation("Npgsql:Enum:livestream_status", "ENDED,ERROR,LIVE,SCHEDULED")
                .OldAnnotation("Npgsql:Enum:livestream_visibility", "PRIVATE,PUBLIC")
                .OldAnnotation("Npgsql:Enum:participant_role", "HOST,VIEWER")
                .OldAnnotation("Npgsql:Enum:participant_status", "JOINED,LEFT");

            migrationBuilder.AddColumn<DateTime>(
                name: "hand_raised_at",
                table: "participants",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<LeaveReason>(
                name: "leave_reason",
                table: "participants",
                type: "leave_reason",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "moderation_actions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    livestream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<ModerationActionKind>(type: "moderation_action", nullable: false),
                    actor_id = table.Column<string>(type: "text", nullable: false),
                    target_id = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_moderation_actions", x => x.id);
                    table.ForeignKey(
                        name: "fk_moderation_actions_livestreams_livestream_id",
                        column: x => x.livestream_id,
                        principalTable: "livestreams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stream_bans",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    livestream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: true),
                    created_by = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    lifted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_bans", x => x.id);
                    table.CheckConstraint("ck_stream_bans_until_after_created", "until IS NULL OR until > created_at");
                    table.ForeignKey(
                        name: "fk_stream_bans_livestreams_livestream_id",
                        column: x => x.livestream_id,
                        principalTable: "livestreams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_moderation_actions_livestream_id_created_at",
                table: "moderation_actions",
                columns: new[] { "livestream_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_stream_bans_one_per_user",
                table: "stream_bans",
                columns: new[] { "livestream_id", "user_id" },
                unique: true,
                filter: "lifted_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "moderation_actions");

            migrationBuilder.DropTable(
                name: "stream_bans");

            migrationBuilder.DropColumn(
                name: "hand_raised_at",
                table: "participants");

            migrationBuilder.DropColumn(
                name: "leave_reason",
                table: "participants");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:livestream_status", "ENDED,ERROR,LIVE,SCHEDULED")
                .Annotation("Npgsql:Enum:livestream_visibility", "PRIVATE,PUBLIC")
                .Annotation("Npgsql:Enum:participant_role", "HOST,VIEWER")
                .Annotation("Npgsql:Enum:participant_status", "JOINED,LEFT")
                .OldAnnotation("Npgsql:Enum:leave_reason", "BANNED,REMOVED")
                .OldAnnotation("Npgsql:Enum:livestream_status", "ENDED,ERROR,LIVE,SCHEDULED")
                .OldAnnotation("Npgsql:Enum:livestream_visibility", "PRIVATE,PUBLIC")
                .OldAnnotation("Npgsql:Enum:moderation_action", "BAN,MUTE,REMOVE,STAGE_INVITE,STAGE_REMOVE,UNBAN")
                .OldAnnotation("Npgsql:Enum:participant_role", "HOST,VIEWER")
                .OldAnnotation("Npgsql:Enum:participant_status", "JOINED,LEFT");
        }
    }
}
