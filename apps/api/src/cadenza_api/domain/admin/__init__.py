"""Admin: the dashboard, catalogue curation, jobs, users and the audit log (admins only)."""
