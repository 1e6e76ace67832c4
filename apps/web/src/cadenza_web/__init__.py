"""Cadenza's Reflex web player."""
