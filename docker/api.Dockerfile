# Cadenza's API and worker images, built from the repository root:
#
#   docker build -f docker/api.Dockerfile --target api    -t cadenza-api .
#   docker build -f docker/api.Dockerfile --target worker -t cadenza-worker .
#
# docker/compose.yaml builds both (and runs `cadenza db upgrade` once with the api image).
# FFmpeg comes inside PyAV's wheels, so the runtime needs no system packages at all.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------------------------------------
# builder: a virtualenv in /opt/venv holding cadenza-api and its locked dependencies, no dev tools
# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ARG UV_VERSION=0.13.9
RUN pip install --no-cache-dir --root-user-action=ignore "uv==${UV_VERSION}"

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv

WORKDIR /src

# Third-party dependencies first: this layer is rebuilt only when the lockfile changes.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace --package cadenza-api

# Then Cadenza's own packages, installed as wheels (not editable): the runtime needs no source.
COPY packages/contracts packages/contracts
COPY packages/converter packages/converter
COPY apps/api apps/api
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable --package cadenza-api

# ---------------------------------------------------------------------------------------------
# runtime: the virtualenv on a clean slim Python, run by an unprivileged user
# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

RUN groupadd --system --gid 10001 cadenza \
    && useradd --system --uid 10001 --gid cadenza --home-dir /home/cadenza --create-home \
        --shell /usr/sbin/nologin cadenza \
    && install -d -o cadenza -g cadenza -m 0750 /var/lib/cadenza

COPY --from=builder /opt/venv /opt/venv

# CADENZA_DATA_DIR only holds scratch files here: media live in S3/MinIO, data in PostgreSQL.
ENV PATH="/opt/venv/bin:${PATH}" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    CADENZA_DATA_DIR=/var/lib/cadenza

WORKDIR /var/lib/cadenza
USER 10001:10001

# ---------------------------------------------------------------------------------------------
# worker: `cadenza worker` runs conversion jobs from Redis (needs CADENZA_REDIS_URL)
# ---------------------------------------------------------------------------------------------
FROM runtime AS worker

# Healthy while the worker's queue (Redis) answers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, redis; redis.Redis.from_url(os.environ['CADENZA_REDIS_URL'], socket_timeout=4).ping()"]

CMD ["cadenza", "worker"]

# ---------------------------------------------------------------------------------------------
# api (the default target): `cadenza serve` on port 8080; migrations are a separate one-shot
# `cadenza db upgrade` (the compose file's `migrate` service)
# ---------------------------------------------------------------------------------------------
FROM runtime AS api

EXPOSE 8080

# Healthy while GET /api/v1/health answers 200 (database, storage and queue all reachable).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/api/v1/health', timeout=4)"]

CMD ["cadenza", "serve", "--host", "0.0.0.0", "--port", "8080"]
