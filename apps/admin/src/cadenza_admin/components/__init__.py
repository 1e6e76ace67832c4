"""The admin's own components (shared ones live in `cadenza_ui`)."""
