"""Cadenza's shared msgspec types and typed API client."""
