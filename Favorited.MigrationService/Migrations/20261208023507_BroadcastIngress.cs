using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Favorited.MigrationService.Migrations
{
    /// <inheritdoc />
    public partial class BroadcastIngress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "broadcasting",
                table: "livestreams",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "stream_ingresses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    livestream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    ingress_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    type = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    url = table.Column<string>(type: "text", nullable: false),
                    stream_key = table.Column<string>(type: "text", nullable: false),
                    state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    revoked_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_ingresses", x => x.id);
                    table.ForeignKey(
                        name: "fk_stream_ingresses_livestreams_livestream_id",
                        column: x => x.livestream_id,
                        principalTable: "livestreams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_stream_ingresses_ingress_id",
                table: "stream_ingresses",
                column: "ingress_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_stream_ingresses_one_active",
                table: "stream_ingresses",
                column: "livestream_id",
                unique: true,
                filter: "ended_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stream_ingresses");

            migrationBuilder.DropColumn(
                name: "broadcasting",
                table: "livestreams");
        }
    }
}
