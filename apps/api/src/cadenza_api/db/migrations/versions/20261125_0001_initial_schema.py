"""Initial schema: accounts, catalogue, playlists, likes and search indexes.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from advanced_alchemy.types import GUID, DateTimeUTC
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "genres",
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_genres")),
    )
    op.create_table(
        "users",
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_table(
        "artists",
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("bio", sa.Text(), nullable=True),
        sa.Column("owner_id", GUID(length=16), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_artists_owner_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_artists")),
    )
    with op.batch_alter_table("artists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_artists_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_artists_owner_id"), ["owner_id"], unique=True)

    op.create_table(
        "auth_sessions",
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("user_id", GUID(length=16), nullable=False),
        sa.Column("last_used_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("expires_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("revoked_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=32), nullable=True),
        sa.Column("user_agent", sa.String(length=255), nullable=True),
        sa.Column("ip_address", sa.String(length=64), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_auth_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_sessions")),
    )
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_sessions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "playlists",
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("owner_id", GUID(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_playlists_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_playlists")),
    )
    with op.batch_alter_table("playlists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_playlists_is_public"), ["is_public"], unique=False)
        batch_op.create_index(batch_op.f("ix_playlists_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_playlists_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "albums",
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("artist_id", GUID(length=16), nullable=False),
        sa.Column("release_date", sa.Date(), nullable=True),
        sa.Column("genre_id", GUID(length=16), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["artist_id"],
            ["artists.id"],
            name=op.f("fk_albums_artist_id_artists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["genre_id"], ["genres.id"], name=op.f("fk_albums_genre_id_genres"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_albums")),
    )
    with op.batch_alter_table("albums", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_albums_artist_id"), ["artist_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_albums_genre_id"), ["genre_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_albums_title"), ["title"], unique=False)

    op.create_table(
        "liked_artists",
        sa.Column("target_id", GUID(length=16), nullable=False),
        sa.Column("user_id", GUID(length=16), nullable=False),
        sa.Column("liked_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["artists.id"],
            name=op.f("fk_liked_artists_target_id_artists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_liked_artists_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("target_id", "user_id", name=op.f("pk_liked_artists")),
    )
    with op.batch_alter_table("liked_artists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_liked_artists_target_id"), ["target_id"], unique=False)
        batch_op.create_index(
            "ix_liked_artists_user_liked_at", ["user_id", "liked_at"], unique=False
        )

    op.create_table(
        "liked_playlists",
        sa.Column("target_id", GUID(length=16), nullable=False),
        sa.Column("user_id", GUID(length=16), nullable=False),
        sa.Column("liked_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["playlists.id"],
            name=op.f("fk_liked_playlists_target_id_playlists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_liked_playlists_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("target_id", "user_id", name=op.f("pk_liked_playlists")),
    )
    with op.batch_alter_table("liked_playlists", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_liked_playlists_target_id"), ["target_id"], unique=False
        )
        batch_op.create_index(
            "ix_liked_playlists_user_liked_at", ["user_id", "liked_at"], unique=False
        )

    op.create_table(
        "refresh_tokens",
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("session_id", GUID(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["auth_sessions.id"],
            name=op.f("fk_refresh_tokens_session_id_auth_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_tokens_token_hash")),
    )
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_refresh_tokens_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "liked_albums",
        sa.Column("target_id", GUID(length=16), nullable=False),
        sa.Column("user_id", GUID(length=16), nullable=False),
        sa.Column("liked_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["albums.id"],
            name=op.f("fk_liked_albums_target_id_albums"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_liked_albums_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("target_id", "user_id", name=op.f("pk_liked_albums")),
    )
    with op.batch_alter_table("liked_albums", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_liked_albums_target_id"), ["target_id"], unique=False)
        batch_op.create_index(
            "ix_liked_albums_user_liked_at", ["user_id", "liked_at"], unique=False
        )

    op.create_table(
        "tracks",
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("artist_id", GUID(length=16), nullable=False),
        sa.Column("album_id", GUID(length=16), nullable=True),
        sa.Column("genre_id", GUID(length=16), nullable=True),
        sa.Column("track_number", sa.Integer(), nullable=True),
        sa.Column("disc_number", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("explicit", sa.Boolean(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["album_id"], ["albums.id"], name=op.f("fk_tracks_album_id_albums"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["artist_id"],
            ["artists.id"],
            name=op.f("fk_tracks_artist_id_artists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["genre_id"], ["genres.id"], name=op.f("fk_tracks_genre_id_genres"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracks")),
    )
    with op.batch_alter_table("tracks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tracks_album_id"), ["album_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tracks_artist_id"), ["artist_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tracks_genre_id"), ["genre_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tracks_title"), ["title"], unique=False)

    op.create_table(
        "liked_tracks",
        sa.Column("target_id", GUID(length=16), nullable=False),
        sa.Column("user_id", GUID(length=16), nullable=False),
        sa.Column("liked_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["tracks.id"],
            name=op.f("fk_liked_tracks_target_id_tracks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_liked_tracks_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("target_id", "user_id", name=op.f("pk_liked_tracks")),
    )
    with op.batch_alter_table("liked_tracks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_liked_tracks_target_id"), ["target_id"], unique=False)
        batch_op.create_index(
            "ix_liked_tracks_user_liked_at", ["user_id", "liked_at"], unique=False
        )

    op.create_table(
        "playlist_entries",
        sa.Column("id", GUID(length=16), nullable=False),
        sa.Column("playlist_id", GUID(length=16), nullable=False),
        sa.Column("track_id", GUID(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("added_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["playlist_id"],
            ["playlists.id"],
            name=op.f("fk_playlist_entries_playlist_id_playlists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["tracks.id"],
            name=op.f("fk_playlist_entries_track_id_tracks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_playlist_entries")),
    )
    with op.batch_alter_table("playlist_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_playlist_entries_playlist_position", ["playlist_id", "position"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_playlist_entries_track_id"), ["track_id"], unique=False
        )

    op.create_index("uq_users_username_lower", "users", [sa.text("lower(username)")], unique=True)
    op.create_index("uq_users_email_lower", "users", [sa.text("lower(email)")], unique=True)
    op.create_index("uq_genres_name_lower", "genres", [sa.text("lower(name)")], unique=True)
    _create_search_indexes()


def downgrade() -> None:
    _drop_search_indexes()
    op.drop_index("uq_genres_name_lower", table_name="genres")
    op.drop_index("uq_users_email_lower", table_name="users")
    op.drop_index("uq_users_username_lower", table_name="users")
    with op.batch_alter_table("playlist_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_playlist_entries_track_id"))
        batch_op.drop_index("ix_playlist_entries_playlist_position")

    op.drop_table("playlist_entries")
    with op.batch_alter_table("liked_tracks", schema=None) as batch_op:
        batch_op.drop_index("ix_liked_tracks_user_liked_at")
        batch_op.drop_index(batch_op.f("ix_liked_tracks_target_id"))

    op.drop_table("liked_tracks")
    with op.batch_alter_table("tracks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tracks_title"))
        batch_op.drop_index(batch_op.f("ix_tracks_genre_id"))
        batch_op.drop_index(batch_op.f("ix_tracks_artist_id"))
        batch_op.drop_index(batch_op.f("ix_tracks_album_id"))

    op.drop_table("tracks")
    with op.batch_alter_table("liked_albums", schema=None) as batch_op:
        batch_op.drop_index("ix_liked_albums_user_liked_at")
        batch_op.drop_index(batch_op.f("ix_liked_albums_target_id"))

    op.drop_table("liked_albums")
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_session_id"))

    op.drop_table("refresh_tokens")
    with op.batch_alter_table("liked_playlists", schema=None) as batch_op:
        batch_op.drop_index("ix_liked_playlists_user_liked_at")
        batch_op.drop_index(batch_op.f("ix_liked_playlists_target_id"))

    op.drop_table("liked_playlists")
    with op.batch_alter_table("liked_artists", schema=None) as batch_op:
        batch_op.drop_index("ix_liked_artists_user_liked_at")
        batch_op.drop_index(batch_op.f("ix_liked_artists_target_id"))

    op.drop_table("liked_artists")
    with op.batch_alter_table("albums", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_albums_title"))
        batch_op.drop_index(batch_op.f("ix_albums_genre_id"))
        batch_op.drop_index(batch_op.f("ix_albums_artist_id"))

    op.drop_table("albums")
    with op.batch_alter_table("playlists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_playlists_owner_id"))
        batch_op.drop_index(batch_op.f("ix_playlists_name"))
        batch_op.drop_index(batch_op.f("ix_playlists_is_public"))

    op.drop_table("playlists")
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_sessions_user_id"))

    op.drop_table("auth_sessions")
    with op.batch_alter_table("artists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_artists_owner_id"))
        batch_op.drop_index(batch_op.f("ix_artists_name"))

    op.drop_table("artists")
    op.drop_table("users")
    op.drop_table("genres")


# Full-text search. SQLite: FTS5 tables over each searchable table (external content, kept in
# step by triggers), tokenized with diacritics removed so "beyonce" matches "Beyoncé".
# PostgreSQL: expression GIN indexes over an immutable unaccent wrapper.
_SEARCHABLE = {
    "artists": ("name",),
    "albums": ("title",),
    "tracks": ("title",),
    "playlists": ("name", "description"),
}


def _create_search_indexes() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, columns in _SEARCHABLE.items():
            cols = ", ".join(columns)
            new_values = ", ".join(f"new.{c}" for c in columns)
            old_values = ", ".join(f"old.{c}" for c in columns)
            fts = f"{table}_fts"
            op.execute(
                f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
                "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
            )
            op.execute(
                f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
                f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.rowid, {new_values}); END"
            )
            op.execute(
                f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old_values}); END"
            )
            op.execute(
                f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old_values}); "
                f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.rowid, {new_values}); END"
            )
            op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE OR REPLACE FUNCTION cadenza_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        "$$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$"
    )
    for table, columns in _SEARCHABLE.items():
        document = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
        op.execute(
            f"CREATE INDEX ix_{table}_search ON {table} "
            f"USING gin (to_tsvector('simple', cadenza_unaccent({document})))"
        )
        op.execute(
            f"CREATE INDEX ix_{table}_{columns[0]}_trgm ON {table} "
            f"USING gin (lower(cadenza_unaccent({columns[0]})) gin_trgm_ops)"
        )


def _drop_search_indexes() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in _SEARCHABLE:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
        return
    for table, columns in _SEARCHABLE.items():
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_{columns[0]}_trgm")
    op.execute("DROP FUNCTION IF EXISTS cadenza_unaccent(text)")
