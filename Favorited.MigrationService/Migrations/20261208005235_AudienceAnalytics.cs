using System;
using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Favorited.MigrationService.Migrations
{
    /// <inheritdoc />
    public partial class AudienceAnalytics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "connected_at",
                table: "participants",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "disconnected_at",
                table: "participants",
                type: "timestamp with time zone",
                nullable: true);

            // Sessions from before: the best known connect time is LiveKit's, else the join's. Their disconnects stay unknown,
            // so their intervals end at left_at.
            migrationBuilder.Sql("""
                UPDATE participants SET connected_at = coalesce(livekit_joined_at, joined_at)
                WHERE livekit_participant_sid IS NOT NULL
                """);

            migrationBuilder.CreateTable(
                name: "participant_role_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    livestream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    participant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    from_role = table.Column<ParticipantRole>(type: "participant_role", nullable: false),
                    to_role = table.Column<ParticipantRole>(type: "participant_role", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_participant_role_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_participant_role_changes_livestreams_livestream_id",
                        column: x => x.livestream_id,
                        principalTable: "livestreams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_participant_role_changes_participants_participant_id",
                        column: x => x.participant_id,
                        principalTable: "participants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stream_analytics",
                columns: table => new
                {
                    livestream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_version = table.Column<long>(type: "bigint", nullable: false),
                    computed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    summary = table.Column<string>(type: "jsonb", nullable: false),
                    per_second = table.Column<byte[]>(type: "bytea", nullable: true),
                    per_minute = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_analytics", x => x.livestream_id);
                    table.ForeignKey(
                        name: "fk_stream_analytics_livestreams_livestream_id",
                        column: x => x.livestream_id,
                        principalTable: "livestreams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_participant_role_changes_livestream_id",
                table: "participant_role_changes",
                column: "livestream_id");

            migrationBuilder.CreateIndex(
                name: "ix_participant_role_changes_participant_id",
                table: "participant_role_changes",
                column: "participant_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "participant_role_changes");

            migrationBuilder.DropTable(
                name: "stream_analytics");

            migrationBuilder.DropColumn(
                name: "connected_at",
                table: "participants");

            migrationBuilder.DropColumn(
                name: "disconnected_at",
                table: "participants");
        }
    }
}
