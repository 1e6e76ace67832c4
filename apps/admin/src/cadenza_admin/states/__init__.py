"""The admin's Reflex states."""
