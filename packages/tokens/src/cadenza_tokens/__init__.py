"""Cadenza's design tokens, rendered to CSS, Reflex and Textual."""
