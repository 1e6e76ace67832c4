"""A user's library: likes of tracks, albums, artists and playlists."""
