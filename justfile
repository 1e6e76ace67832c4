# Cadenza's tasks. `uv run just --list` shows them all.

# Start Cadenza on embedded defaults (SQLite, local files, in-process jobs)
up:
    uv run cadenza up

# Serve the API with auto-reload for development
dev:
    uv run uvicorn --factory cadenza_api.app:create_app --reload --port 8080

# Run every test (both databases; services that are missing are reported)
test *args:
    uv run pytest {{args}}

# Lint
lint:
    uv run ruff check .

# Format the code
fmt:
    uv run ruff format . && uv run ruff check --fix .

# Type-check
typecheck:
    uv run mypy

# Apply database migrations
migrate:
    uv run cadenza db upgrade

# Build the documentation site (strict) into site/
docs:
    uv run mkdocs build --strict --config-file apps/docs/mkdocs.yml --site-dir ../../site

# Serve the documentation with live reload
docs-serve:
    uv run mkdocs serve --config-file apps/docs/mkdocs.yml

# Run the benchmarks and print their figures
bench:
    uv run python benchmarks/run.py

# Everything CI runs
ci:
    bash .ci/run
