"""Media (renditions, jobs, track audio fields) and playback (player state, history).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:08:29.391550
"""

import sqlalchemy as sa
from advanced_alchemy.types import GUID, DateTimeUTC
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("track_id", GUID(length=16), nullable=True),
        sa.Column("user_id", GUID(length=16), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("started_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("finished_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"], ["tracks.id"], name=op.f("fk_jobs_track_id_tracks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_jobs_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_state_created_at", ["state", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_track_id"), ["track_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_user_id"), ["user_id"], unique=False)

    op.create_table(
        "play_history",
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("user_id", GUID(length=16), nullable=False),
        sa.Column("track_id", GUID(length=16), nullable=False),
        sa.Column("played_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("listened_ms", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["tracks.id"],
            name=op.f("fk_play_history_track_id_tracks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_play_history_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_play_history")),
    )
    with op.batch_alter_table("play_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_play_history_track_id"), ["track_id"], unique=False)
        batch_op.create_index(
            "ix_play_history_user_played_at", ["user_id", "played_at"], unique=False
        )

    op.create_table(
        "player_states",
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("user_id", GUID(length=16), nullable=False),
        sa.Column("active_device_id", sa.String(length=64), nullable=True),
        sa.Column("track_id", GUID(length=16), nullable=True),
        sa.Column("position_ms", sa.Integer(), nullable=False),
        sa.Column("position_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("is_playing", sa.Boolean(), nullable=False),
        sa.Column("volume", sa.Integer(), nullable=False),
        sa.Column("shuffle", sa.Boolean(), nullable=False),
        sa.Column("repeat", sa.String(length=8), nullable=False),
        sa.Column("queue", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["tracks.id"],
            name=op.f("fk_player_states_track_id_tracks"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_player_states_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_player_states")),
        sa.UniqueConstraint("user_id", name=op.f("uq_player_states_user_id")),
    )
    op.create_table(
        "renditions",
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("track_id", GUID(length=16), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("bitrate_kbps", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["tracks.id"],
            name=op.f("fk_renditions_track_id_tracks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_renditions")),
        sa.UniqueConstraint(
            "track_id", "format", "bitrate_kbps", name="uq_renditions_track_format"
        ),
    )
    with op.batch_alter_table("renditions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_renditions_track_id"), ["track_id"], unique=False)

    with op.batch_alter_table("albums", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cover_key", sa.String(length=255), nullable=True))

    # Plain ALTER TABLE (no batch copy): recreating `tracks` on SQLite would drop its FTS triggers.
    op.add_column(
        "tracks", sa.Column("status", sa.String(length=16), server_default="ready", nullable=False)
    )
    op.add_column("tracks", sa.Column("status_reason", sa.Text(), nullable=True))
    op.add_column(
        "tracks", sa.Column("has_audio", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column("tracks", sa.Column("original_key", sa.String(length=255), nullable=True))
    op.add_column("tracks", sa.Column("original_content_type", sa.String(length=64), nullable=True))
    op.add_column("tracks", sa.Column("original_size_bytes", sa.BigInteger(), nullable=True))
    op.add_column("tracks", sa.Column("loudness_lufs", sa.Float(), nullable=True))
    op.add_column("tracks", sa.Column("true_peak_dbtp", sa.Float(), nullable=True))
    op.add_column("tracks", sa.Column("track_gain_db", sa.Float(), nullable=True))
    op.add_column("tracks", sa.Column("waveform", sa.JSON(), nullable=True))
    op.add_column("tracks", sa.Column("cover_key", sa.String(length=255), nullable=True))
    op.add_column("tracks", sa.Column("source_path", sa.String(length=1024), nullable=True))
    op.add_column("tracks", sa.Column("source_mtime_ns", sa.BigInteger(), nullable=True))
    op.create_index(op.f("ix_tracks_source_path"), "tracks", ["source_path"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_tracks_source_path"), table_name="tracks")
    op.drop_column("tracks", "source_mtime_ns")
    op.drop_column("tracks", "source_path")
    op.drop_column("tracks", "cover_key")
    op.drop_column("tracks", "waveform")
    op.drop_column("tracks", "track_gain_db")
    op.drop_column("tracks", "true_peak_dbtp")
    op.drop_column("tracks", "loudness_lufs")
    op.drop_column("tracks", "original_size_bytes")
    op.drop_column("tracks", "original_content_type")
    op.drop_column("tracks", "original_key")
    op.drop_column("tracks", "has_audio")
    op.drop_column("tracks", "status_reason")
    op.drop_column("tracks", "status")

    with op.batch_alter_table("albums", schema=None) as batch_op:
        batch_op.drop_column("cover_key")

    with op.batch_alter_table("renditions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_renditions_track_id"))

    op.drop_table("renditions")
    op.drop_table("player_states")
    with op.batch_alter_table("play_history", schema=None) as batch_op:
        batch_op.drop_index("ix_play_history_user_played_at")
        batch_op.drop_index(batch_op.f("ix_play_history_track_id"))

    op.drop_table("play_history")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_user_id"))
        batch_op.drop_index(batch_op.f("ix_jobs_track_id"))
        batch_op.drop_index("ix_jobs_state_created_at")

    op.drop_table("jobs")
