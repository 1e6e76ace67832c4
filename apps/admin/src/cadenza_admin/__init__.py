"""Cadenza's Reflex admin app."""
