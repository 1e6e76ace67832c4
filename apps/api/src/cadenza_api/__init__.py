"""Cadenza's Litestar API, SAQ worker and cadenza CLI."""
