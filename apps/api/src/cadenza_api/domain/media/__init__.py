"""Media: uploads, conversion jobs, storage and streaming."""
