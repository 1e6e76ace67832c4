"""The admin's pages; importing this package registers them all."""

from cadenza_admin.pages import albums, artists, audit, auth, dashboard, jobs, tracks, users

__all__ = ["albums", "artists", "audit", "auth", "dashboard", "jobs", "tracks", "users"]
