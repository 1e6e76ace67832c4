"""Reflex components shared by Cadenza's web player and admin."""
