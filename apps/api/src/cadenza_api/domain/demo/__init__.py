"""The first-run demo catalogue: synthesised music, generated covers and demo logins."""
