"""Cadenza's media conversion library and cadenza-convert CLI."""
