using System;
using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Favorited.MigrationService.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:livestream_status", "ENDED,ERROR,LIVE,SCHEDULED")
                .Annotation("Npgsql:Enum:participant_role", "HOST,VIEWER")
                .Annotation("Npgsql:Enum:participant_status", "JOINED,LEFT");

            migrationBuilder.CreateTable(
                name: "livestreams",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    room_name = table.Column<string>(type: "text", nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<LivestreamStatus>(type: "livestream_status", nullable: false, defaultValue: LivestreamStatus.Scheduled),
                    created_by = table.Column<string>(type: "text", nullable: false),
                    max_participants = table.Column<int>(type: "integer", nullable: false, defaultValue: 100),
                    empty_timeout = table.Column<int>(type: "integer", nullable: false, defaultValue: 86400),
                    metadata = table.Column<string>(type: "jsonb", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_livestreams", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_events",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    @event = table.Column<string>(name: "event", type: "text", nullable: false),
                    processed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "participants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    livestream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    display_name = table.Column<string>(type: "text", nullable: false),
                    role = table.Column<ParticipantRole>(type: "participant_role", nullable: false, defaultValue: ParticipantRole.Viewer),
                    status = table.Column<ParticipantStatus>(type: "participant_status", nullable: false, defaultValue: ParticipantStatus.Joined),
                    metadata = table.Column<string>(type: "jsonb", nullable: true),
                    livekit_participant_sid = table.Column<string>(type: "text", nullable: true),
                    livekit_room_sid = table.Column<string>(type: "text", nullable: true),
                    joined_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    left_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_participants", x => x.id);
                    table.ForeignKey(
                        name: "fk_participants_livestreams_livestream_id",
                        column: x => x.livestream_id,
                        principalTable: "livestreams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_livestreams_created_at",
                table: "livestreams",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_livestreams_created_by",
                table: "livestreams",
                column: "created_by");

            migrationBuilder.CreateIndex(
                name: "ix_livestreams_status_created_at",
                table: "livestreams",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_livestreams_room_name_active",
                table: "livestreams",
                column: "room_name",
                unique: true,
                filter: "status NOT IN ('ENDED', 'ERROR')");

            migrationBuilder.CreateIndex(
                name: "ix_participants_livekit_participant_sid",
                table: "participants",
                column: "livekit_participant_sid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_participants_livestream_id_status",
                table: "participants",
                columns: new[] { "livestream_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_participants_user_id",
                table: "participants",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ux_participants_one_joined_per_user",
                table: "participants",
                columns: new[] { "livestream_id", "user_id" },
                unique: true,
                filter: "status = 'JOINED'");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_expires_at",
                table: "webhook_events",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "participants");

            migrationBuilder.DropTable(
                name: "webhook_events");

            migrationBuilder.DropTable(
                name: "livestreams");
        }
    }
}
