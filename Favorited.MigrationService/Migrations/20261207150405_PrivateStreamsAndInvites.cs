using System;
using Favorited.Core.Data;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Favorited.MigrationService.Migrations
{
    /// <inheritdoc />
    public partial class PrivateStreamsAndInvites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:livestream_status", "ENDED,ERROR,LIVE,SCHEDULED")
                .Annotation("Npgsql:Enum:livestream_visibility", "PRIVATE,PUBLIC")
                .Annotation("Npgsql:Enum:participant_role", "HOST,VIEWER")
                .Annotation("Npgsql:Enum:participant_status", "JOINED,LEFT")
                .OldAnnotation("Npgsql:Enum:livestream_status", "ENDED,ERROR,LIVE,SCHEDULED")
                .OldAnnotation("Npgsql:Enum:participant_role", "HOST,VIEWER")
                .OldAnnotation("Npgsql:Enum:participant_status", "JOINED,LEFT");

            migrationBuilder.AddColumn<LivestreamVisibility>(
                name: "visibility",
                table: "livestreams",
                type: "livestream_visibility",
                nullable: false,
                defaultValue: LivestreamVisibility.Public);

            migrationBuilder.CreateTable(
                name: "invites",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    livestream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    max_uses = table.Column<int>(type: "integer", nullable: true),
                    uses = table.Column<int>(type: "integer", nullable: false),
                    allow_guests = table.Column<bool>(type: "boolean", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invites", x => x.id);
                    table.CheckConstraint("ck_invites_uses_within_max", "max_uses IS NULL OR uses <= max_uses");
                    table.ForeignKey(
                        name: "fk_invites_livestreams_livestream_id",
                        column: x => x.livestream_id,
                        principalTable: "livestreams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stream_access",
                columns: table => new
                {
                    livestream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    invite_id = table.Column<Guid>(type: "uuid", nullable: true),
                    granted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_access", x => new { x.livestream_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_stream_access_invites_invite_id",
                        column: x => x.invite_id,
                        principalTable: "invites",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_stream_access_livestreams_livestream_id",
                        column: x => x.livestream_id,
                        principalTable: "livestreams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_invites_code",
                table: "invites",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_invites_livestream_id",
                table: "invites",
                column: "livestream_id");

            migrationBuilder.CreateIndex(
                name: "ix_stream_access_invite_id",
                table: "stream_access",
                column: "invite_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stream_access");

            migrationBuilder.DropTable(
                name: "invites");

            migrationBuilder.DropColumn(
                name: "visibility",
                table: "livestreams");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:Enum:livestream_status", "ENDED,ERROR,LIVE,SCHEDULED")
                .Annotation("Npgsql:Enum:participant_role", "HOST,VIEWER")
                .Annotation("Npgsql:Enum:participant_status", "JOINED,LEFT")
                .OldAnnotation("Npgsql:Enum:livestream_status", "ENDED,ERROR,LIVE,SCHEDULED")
                .OldAnnotation("Npgsql:Enum:livestream_visibility", "PRIVATE,PUBLIC")
                .OldAnnotation("Npgsql:Enum:participant_role", "HOST,VIEWER")
                .OldAnnotation("Npgsql:Enum:participant_status", "JOINED,LEFT");
        }
    }
}
