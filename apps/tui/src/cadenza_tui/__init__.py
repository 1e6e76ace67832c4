"""Cadenza's Textual terminal player."""
