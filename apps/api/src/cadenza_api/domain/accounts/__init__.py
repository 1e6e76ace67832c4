"""Accounts: registration, login, token rotation, sessions and roles."""
