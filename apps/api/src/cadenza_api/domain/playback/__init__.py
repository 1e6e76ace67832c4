"""Playback: per-user player state, device sync over WebSocket, listening history."""
