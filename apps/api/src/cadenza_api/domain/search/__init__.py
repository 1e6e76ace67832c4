"""Search across the catalogue and playlists."""
