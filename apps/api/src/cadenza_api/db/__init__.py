"""Database: ORM models, engine configuration and migrations."""
