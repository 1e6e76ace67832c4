"""Catalogue: artists, albums, tracks and genres."""
