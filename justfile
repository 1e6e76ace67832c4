# Cadenza's tasks. `uv run just --list` shows them all; each is one line you could type yourself.

# Start Cadenza on embedded defaults (SQLite, local files, in-process jobs): API, web, admin
up *args:
    uv run cadenza up {{args}}

# Migrate, then serve the API on 127.0.0.1:8080, reloading when the API's or the packages' code changes
dev:
    uv run cadenza db upgrade && uv run uvicorn --factory cadenza_api.app:create_app --reload --reload-dir apps/api/src --reload-dir packages --port 8080

# Run every test (both databases; services that are missing are reported), e.g. `just test -x -k jobs`
test *args:
    uv run pytest {{args}}

# Run only the browser and terminal end-to-end tests (marker `e2e`)
test-e2e *args:
    uv run pytest -m e2e {{args}}

# Lint and check formatting, as CI does
lint:
    uv run ruff check . && uv run ruff format --check .

# Format the code and apply ruff's safe fixes
fmt:
    uv run ruff format . && uv run ruff check --fix .

# Type-check the configured packages (mypy)
typecheck:
    uv run mypy

# Build the documentation site strictly into site/ (reference pages generated from the code)
docs:
    NO_MKDOCS_2_WARNING=1 uv run --package cadenza-docs mkdocs build --strict --config-file apps/docs/mkdocs.yml --site-dir ../../site

# Retake the tour's screenshots (cadenza up with the demo in a temp folder, Chromium) into apps/docs/docs/assets/screenshots
docs-screenshots:
    uv run python apps/docs/screenshots.py

# Serve the documentation on 127.0.0.1:8000 with live reload
docs-serve:
    NO_MKDOCS_2_WARNING=1 uv run --package cadenza-docs mkdocs serve --config-file apps/docs/mkdocs.yml

# Apply the database migrations to the configured database
migrate:
    uv run cadenza db upgrade

# Autogenerate a migration from the models, e.g. `just make-migration "add play counts"`
make-migration message:
    uv run cadenza db revision -m "{{message}}"

# Run the benchmarks and print their figures
bench:
    uv run python benchmarks/run.py

# Build and start the Docker deployment (docker/compose.yaml; copy docker/.env.example to docker/.env first)
compose-up:
    docker compose -f docker/compose.yaml up -d --build

# Everything CI runs
ci:
    bash .ci/run
