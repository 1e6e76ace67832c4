"""The web player's Reflex states."""
