"""System: health and operational routes."""
