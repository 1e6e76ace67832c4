"""Playlists: CRUD, entries, visibility."""
