"""docker/: what can be checked without a Docker engine.

The compose file parses and references only files that exist (and that .dockerignore lets
into the build context); every Cadenza container receives every setting `settings.py` reads,
wired to the compose services; secrets are required; the images are multi-stage, run as a
non-root user, have healthchecks, and their commands are real `cadenza` (or `reflex`) command
lines; the nginx template renders to a config `nginx -t` accepts, with the API's upload limit.

The Reflex apps (`web`, `admin`) are checked as pending while `apps/<app>/rxconfig.py` does not
exist, and in full (no longer pending) once it does.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import yaml

from cadenza_api.settings import VARIABLES

ROOT = Path(__file__).resolve().parent.parent
DOCKER = ROOT / "docker"
COMPOSE_FILE = DOCKER / "compose.yaml"
ENV_EXAMPLE = DOCKER / ".env.example"
NGINX_TEMPLATE = DOCKER / "nginx/templates/nginx.conf.template"
BIN_DIR = Path(sys.executable).parent

CADENZA_SERVICES = ("migrate", "api", "worker")
REFLEX_APPS = ("web", "admin")
EXPECTED_SERVICES = {
    "nginx",
    "migrate",
    "api",
    "worker",
    "web",
    "admin",
    "postgres",
    "redis",
    "minio",
    "minio-init",
}
# Settings compose gives fixed values (its own services, the image's paths and port).
WIRED_SETTINGS = {
    "CADENZA_DATABASE_URL",
    "CADENZA_REDIS_URL",
    "CADENZA_STORAGE_URL",
    "CADENZA_S3_ENDPOINT",
    "CADENZA_DATA_DIR",
    "CADENZA_HOST",
    "CADENZA_PORT",
}
SECURITY_HEADERS = (
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "Content-Security-Policy",
    "Strict-Transport-Security",
)


@pytest.fixture(scope="session")
def nginx_binary(require_service: Callable[[str], None]) -> str:
    """Debian's nginx (skipped when missing, a failure when CADENZA_TEST_REQUIRE names it)."""
    require_service("nginx")
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found


# --- sources of truth ---------------------------------------------------------------------------


def settings_read_by_code() -> set[str]:
    """Every `CADENZA_*` name `settings.py` declares (and so may read)."""
    return {variable.env_name for variable in VARIABLES}


def setting_default(name: str) -> object:
    """The default `settings.py` declares for `CADENZA_<name>`."""
    for variable in VARIABLES:
        if variable.env_name == name and variable.default is not None:
            return variable.default
    raise LookupError(name)


@cache
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(data, dict)
    return data


def services() -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = compose()["services"]
    return result


@dataclass(frozen=True)
class EnvExample:
    values: dict[str, str]  # KEY=value lines
    commented: set[str]  # "# KEY=value" lines: documented, set elsewhere


@cache
def env_example() -> EnvExample:
    values: dict[str, str] = {}
    commented: set[str] = set()
    for line in ENV_EXAMPLE.read_text().splitlines():
        if match := re.fullmatch(r"([A-Z][A-Z0-9_]*)=(.*)", line):
            assert match[1] not in values, f"{match[1]} is set twice in .env.example"
            values[match[1]] = match[2]
        elif match := re.match(r"#\s*([A-Z][A-Z0-9_]*)=", line):
            commented.add(match[1])
    return EnvExample(values, commented)


def example_environment() -> dict[str, str]:
    """docker/.env as a user makes it from .env.example: every empty secret filled in."""
    return {
        key: value or f"secret{index:02d}deadbeef"
        for index, (key, value) in enumerate(env_example().values.items())
    }


def is_pending(app: str) -> bool:
    return not (ROOT / "apps" / app / "rxconfig.py").is_file()


def active_services() -> list[str]:
    """Services a plain `docker compose up` runs, plus pending apps whose code now exists."""
    return [name for name in services() if name not in REFLEX_APPS or not is_pending(name)]


# --- compose interpolation (the subset compose.yaml uses, with compose's semantics) ------------

_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_]\w*)(?:(?P<op>:?[-?+])(?P<arg>[^{}]*))?\}"
    r"|(?P<plain>[A-Za-z_]\w*))"
)


class MissingVariable(ValueError):
    pass


def interpolate(text: str, env: dict[str, str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["plain"]
        op, arg, value = match["op"], match["arg"] or "", env.get(name)
        # ":" makes an empty value count as unset.
        is_set = bool(value) if op and op.startswith(":") else value is not None
        if op is None:
            return value or ""
        if op.endswith("-"):
            return value if is_set and value is not None else arg
        if op.endswith("?"):
            if not is_set or value is None:
                raise MissingVariable(f"{name}: {arg}")
            return value
        return arg if is_set else ""  # "+"

    return _VARIABLE.sub(substitute, text)


def variables_in(text: str) -> list[tuple[str, str | None]]:
    """(name, operator) of every variable a compose string interpolates."""
    return [
        (m["braced"] or m["plain"], m["op"]) for m in _VARIABLE.finditer(text) if not m["escaped"]
    ]


def strings_in(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from strings_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings_in(item)


def service_environment(name: str, env: dict[str, str] | None = None) -> dict[str, str]:
    """A service's container environment after interpolation with `env` (default: the
    example's). Compose files here use `environment:` maps only, never env_file."""
    service = services()[name]
    assert "env_file" not in service, f"{name}: use `environment:` (see compose.yaml)"
    raw = service.get("environment") or {}
    assert isinstance(raw, dict), f"{name}: environment must be a mapping"
    env = example_environment() if env is None else env
    return {key: interpolate(str(value), env) for key, value in raw.items()}


def command_of(name: str) -> list[str]:
    """The command line a service runs: compose's `command`, else its image's CMD."""
    service = services()[name]
    if "command" in service:
        command = service["command"]
        assert isinstance(command, list), f"{name}: write `command` in exec form (a list)"
        return [interpolate(str(part), example_environment()) for part in command]
    stage = image_stage(name)
    assert stage.cmd, f"{name}: its image has no CMD"
    return (stage.entrypoint or []) + stage.cmd


# --- Dockerfiles ---------------------------------------------------------------------------------


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)
    parent: Stage | None = None

    def chain(self) -> list[Stage]:
        """This stage and the stages it is built FROM, base first."""
        return ([*self.parent.chain()] if self.parent else []) + [self]

    def last(self, instruction: str) -> str | None:
        found = None
        for stage in self.chain():
            for name, argument in stage.instructions:
                if name == instruction:
                    found = argument
        return found

    def all(self, instruction: str) -> list[str]:
        return [
            arg for stage in self.chain() for name, arg in stage.instructions if name == instruction
        ]

    @property
    def user(self) -> str | None:
        return self.last("USER")

    @property
    def cmd(self) -> list[str] | None:
        return _exec_form(self.last("CMD"))

    @property
    def entrypoint(self) -> list[str] | None:
        return _exec_form(self.last("ENTRYPOINT"))

    @property
    def healthcheck(self) -> list[str] | None:
        raw = self.last("HEALTHCHECK")
        if raw is None or raw.strip().upper() == "NONE":
            return None
        options, _, command = raw.partition("CMD")
        assert all(opt.startswith("--") for opt in options.split()), raw
        return _exec_form(command.strip())

    @property
    def root_image(self) -> str:
        return self.chain()[0].base


def _exec_form(argument: str | None) -> list[str] | None:
    if argument is None:
        return None
    argument = argument.strip()
    if argument.startswith("["):
        parsed = json.loads(argument)
        assert isinstance(parsed, list)
        return [str(part) for part in parsed]
    return ["/bin/sh", "-c", argument]


def parse_dockerfile(path: Path, build_args: dict[str, str]) -> dict[str, Stage]:
    """Stages by name (the last one also as ""), with ARGs expanded."""
    lines: list[str] = []
    pending = ""
    for raw in path.read_text().splitlines():
        if not pending and (not raw.strip() or raw.lstrip().startswith("#")):
            continue
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        lines.append(pending + raw)
        pending = ""
    assert not pending, f"{path}: dangling line continuation"

    args: dict[str, str] = {}
    stages: dict[str, Stage] = {}
    current: Stage | None = None
    for line in lines:
        instruction, _, argument = line.strip().partition(" ")
        instruction = instruction.upper()
        argument = argument.strip()
        if instruction == "ARG":
            name, _, default = argument.partition("=")
            args[name] = build_args.get(name, default)
            if current is not None:
                current.instructions.append((instruction, argument))
            continue

        def expand(text: str) -> str:
            return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: args.get(m[1] or m[2], m[0]), text)

        if instruction == "FROM":
            words = [w for w in expand(argument).split() if not w.startswith("--")]
            base = words[0]
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else str(len(stages))
            current = Stage(name=name, base=base, parent=stages.get(base))
            stages[name] = current
            continue
        assert current is not None, f"{path}: {instruction} before FROM"
        keep_literal = instruction in {"CMD", "ENTRYPOINT", "HEALTHCHECK", "RUN"}
        current.instructions.append((instruction, argument if keep_literal else expand(argument)))
    assert current is not None, f"{path} has no FROM"
    stages[""] = current
    return stages


def build_of(name: str) -> tuple[Path, Path, str, dict[str, str]]:
    """(context, Dockerfile, target, build args) of a service that builds an image."""
    build = services()[name]["build"]
    assert isinstance(build, dict), f"{name}: write `build` as a mapping"
    context = (DOCKER / build["context"]).resolve()
    dockerfile = context / build.get("dockerfile", "Dockerfile")
    args = {key: str(value) for key, value in (build.get("args") or {}).items()}
    return context, dockerfile, build.get("target", ""), args


def image_stage(name: str) -> Stage:
    _, dockerfile, target, args = build_of(name)
    stages = parse_dockerfile(dockerfile, args)
    assert target in stages, f"{name}: {dockerfile.name} has no stage {target!r}"
    return stages[target]


# --- .dockerignore (Docker's matching: patterns from the context root, ** for any depth) -------


@cache
def dockerignore_patterns() -> tuple[tuple[bool, re.Pattern[str]], ...]:
    patterns = []
    for raw in (ROOT / ".dockerignore").read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = line.removeprefix("!").strip("/")
        regex = ""
        i = 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                regex, i = regex + "(?:.*/)?", i + 3
            elif pattern.startswith("**", i):
                regex, i = regex + ".*", i + 2
            elif pattern[i] == "*":
                regex, i = regex + "[^/]*", i + 1
            elif pattern[i] == "?":
                regex, i = regex + "[^/]", i + 1
            else:
                regex, i = regex + re.escape(pattern[i]), i + 1
        patterns.append((negated, re.compile(regex)))
    return tuple(patterns)


def dockerignored(relative: str) -> bool:
    parts = relative.strip("/").split("/")
    excluded = False
    for negated, regex in dockerignore_patterns():
        if any(regex.fullmatch("/".join(parts[:n])) for n in range(1, len(parts) + 1)):
            excluded = not negated
    return excluded


# --- workspace -----------------------------------------------------------------------------------


@cache
def workspace_scripts() -> dict[str, str]:
    """Console scripts of the workspace's members: name → member folder."""
    scripts = {}
    for pyproject in [*ROOT.glob("apps/*/pyproject.toml"), *ROOT.glob("packages/*/pyproject.toml")]:
        project = tomllib.loads(pyproject.read_text()).get("project", {})
        for script in project.get("scripts", {}):
            scripts[script] = str(pyproject.parent.relative_to(ROOT))
    return scripts


@pytest.fixture(scope="module")
def api_routes(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The API's route paths, from the real application."""
    from cadenza_api.app import create_app
    from cadenza_api.settings import load_settings

    with pytest.MonkeyPatch.context() as patch:
        for key in list(os.environ):
            if key.startswith("CADENZA_"):
                patch.delenv(key)
        patch.setenv("CADENZA_DATA_DIR", str(tmp_path_factory.mktemp("api-routes")))
        app = create_app(load_settings())
    return {route.path for route in app.routes}


def sample_path(route: str) -> str:
    return re.sub(r"\{[^}]+\}", "0b9c4f6e-7f4a-4f8e-9d1c-3a2b1c0d9e8f", route)


# === compose: structure and files ================================================================


def test_compose_has_every_service_and_declares_what_they_use() -> None:
    data = compose()
    assert set(services()) == EXPECTED_SERVICES
    declared_volumes = set(data.get("volumes") or {})
    declared_networks = set(data.get("networks") or {})
    used_volumes = set()
    for name, service in services().items():
        for network in service.get("networks") or []:
            assert network in declared_networks, f"{name}: undeclared network {network}"
        for volume in service.get("volumes") or []:
            source = str(volume).split(":")[0]
            if not source.startswith((".", "/")):
                assert source in declared_volumes, f"{name}: undeclared volume {source}"
                used_volumes.add(source)
        for dependency in service.get("depends_on") or {}:
            assert dependency in services(), f"{name} depends on unknown {dependency}"
            # A default service cannot depend on one that only runs in a profile.
            if "profiles" not in service:
                assert "profiles" not in services()[dependency], f"{name} → {dependency}"
    # PostgreSQL, Redis and MinIO keep their data in named volumes.
    assert used_volumes == declared_volumes
    for name, path in (
        ("postgres", "/var/lib/postgresql/data"),
        ("redis", "/data"),
        ("minio", "/data"),
    ):
        assert any(str(v).split(":")[1] == path for v in services()[name]["volumes"]), name


def test_compose_references_only_files_that_exist() -> None:
    for name, service in services().items():
        for volume in service.get("volumes") or []:
            source = str(volume).split(":")[0]
            if source.startswith("."):
                assert (DOCKER / source).exists(), f"{name} mounts missing {source}"
        if "build" not in service:
            continue
        context, dockerfile, target, args = build_of(name)
        assert context == ROOT, f"{name}: images build from the repository root"
        assert dockerfile.is_file(), f"{name}: missing {dockerfile}"
        stages = parse_dockerfile(dockerfile, args)
        assert target in stages, f"{name}: {dockerfile.name} has no stage {target!r}"
        declared_args = set(re.findall(r"^ARG (\w+)", dockerfile.read_text(), re.MULTILINE))
        assert set(args) <= declared_args, f"{name}: build args the Dockerfile ignores"


@pytest.mark.parametrize("dockerfile", sorted(DOCKER.glob("*.Dockerfile")), ids=lambda p: p.name)
def test_dockerfile_copies_only_files_in_the_build_context(dockerfile: Path) -> None:
    """Every COPY source exists and is not excluded by .dockerignore, for each app built."""
    builds = [build_of(name) for name in services() if "build" in services()[name]]
    arg_sets = [args for _, path, _, args in builds if path == dockerfile]
    assert arg_sets, f"no compose service builds {dockerfile.name}"
    for args in arg_sets:
        for stage in parse_dockerfile(dockerfile, args).values():
            for instruction, argument in stage.instructions:
                if instruction not in {"COPY", "ADD"} or "--from=" in argument:
                    continue
                words = [w for w in shlex.split(argument) if not w.startswith("--")]
                for source in words[:-1]:
                    assert (ROOT / source).exists(), f"{dockerfile.name}: COPY {source} missing"
                    assert not dockerignored(source), f".dockerignore excludes COPY {source}"


def test_dockerignore_keeps_secrets_and_local_state_out() -> None:
    for path in (
        ".env",
        "docker/.env",
        ".git/config",
        ".venv/bin/python",
        "apps/web/.web/package.json",
        "node_modules/x/index.js",
        "apps/api/src/cadenza_api/__pycache__/app.cpython-311.pyc",
        "data/cadenza.db",
    ):
        assert dockerignored(path), path
    for path in (
        "uv.lock",
        "pyproject.toml",
        "apps/api/src/cadenza_api/settings.py",
        "apps/api/src/cadenza_api/db/migrations/alembic.ini",
        "packages/converter/pyproject.toml",
    ):
        assert not dockerignored(path), path


# === settings and environment =====================================================================


def test_env_example_lists_every_setting() -> None:
    example = env_example()
    missing = settings_read_by_code() - set(example.values) - example.commented
    assert not missing, f"add to docker/.env.example (and compose.yaml): {sorted(missing)}"
    # The commented ones are exactly those compose wires itself.
    assert {k for k in example.commented if k.startswith("CADENZA_")} == WIRED_SETTINGS


@pytest.mark.parametrize("name", CADENZA_SERVICES)
def test_cadenza_containers_receive_every_setting(name: str) -> None:
    raw = services()[name]["environment"]
    settings = settings_read_by_code()
    missing = settings - set(raw)
    assert not missing, f"{name}: add to x-cadenza-environment in compose.yaml: {sorted(missing)}"
    example = env_example()
    for setting in settings:
        value = str(raw[setting])
        if setting in WIRED_SETTINGS:
            assert setting not in example.values, f"{setting} is set by compose, not .env"
        else:
            # Passed through from docker/.env, where it is listed.
            assert setting in {n for n, _ in variables_in(value)}, (
                f"{name}: {setting} should come from docker/.env as ${{{setting}…}}"
            )
            assert setting in example.values, f"{setting} missing from .env.example"


@pytest.mark.parametrize("name", CADENZA_SERVICES)
def test_cadenza_settings_reach_the_compose_services(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = service_environment(name)
    database = urlsplit(env["CADENZA_DATABASE_URL"])
    assert database.scheme == "postgresql" and database.hostname == "postgres"
    assert database.password == example_environment()["POSTGRES_PASSWORD"]
    postgres = service_environment("postgres")
    assert database.username == postgres["POSTGRES_USER"]
    assert database.path == "/" + postgres["POSTGRES_DB"]
    assert urlsplit(env["CADENZA_REDIS_URL"]).hostname == "redis"
    assert urlsplit(env["CADENZA_S3_ENDPOINT"]).netloc == "minio:9000"
    # The bucket and the credentials are those minio-init prepares.
    init = service_environment("minio-init")
    assert env["CADENZA_STORAGE_URL"] == f"s3://{init['MINIO_BUCKET']}"
    assert env["CADENZA_S3_ACCESS_KEY"] == init["CADENZA_S3_ACCESS_KEY"]
    assert env["CADENZA_S3_SECRET_KEY"] == init["CADENZA_S3_SECRET_KEY"]
    assert env["CADENZA_S3_ACCESS_KEY"] != service_environment("minio")["MINIO_ROOT_USER"]
    assert env["CADENZA_SECRET_KEY"]

    # Cadenza itself accepts the lot (bucket name, endpoint, integers, booleans…).
    from cadenza_api.settings import load_settings

    monkeypatch.chdir(tmp_path)  # no stray .env
    for key in list(os.environ):
        if key.startswith("CADENZA_"):
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("CADENZA_DATA_DIR", str(tmp_path / "data"))  # the image's dir, here
    settings = load_settings()
    assert settings.storage.backend == "s3"
    assert settings.redis_url == env["CADENZA_REDIS_URL"]
    assert settings.database.url.startswith("postgresql+asyncpg://")
    assert (
        settings.media.max_upload_bytes
        == int(example_environment()["CADENZA_MAX_UPLOAD_MB"]) * 1024 * 1024
    )


def test_variables_are_documented_and_secrets_required() -> None:
    example = env_example()
    used: dict[str, set[str | None]] = {}
    for text in strings_in(services()):
        for variable, op in variables_in(text):
            used.setdefault(variable, set()).add(op)
    undocumented = set(used) - set(example.values)
    assert not undocumented, f"document in docker/.env.example: {sorted(undocumented)}"
    unused = {k for k in example.values if not k.startswith("CADENZA_")} - set(used)
    assert not unused, f".env.example lists variables compose never uses: {sorted(unused)}"
    # Secrets ship empty, and compose stops with a message until they are set.
    secrets = {k for k in example.values if re.search(r"PASSWORD|SECRET", k)}
    assert {"POSTGRES_PASSWORD", "MINIO_ROOT_PASSWORD", "CADENZA_SECRET_KEY"} <= secrets
    for variable in secrets:
        assert example.values[variable] == "", f"{variable}: ship it empty in .env.example"
        assert used.get(variable) == {":?"}, f"{variable}: use ${{{variable}:?message}}"
    with pytest.raises(MissingVariable):
        service_environment("api", dict(example.values))


def test_migrations_run_once_before_the_api_and_the_worker() -> None:
    migrate = services()["migrate"]
    assert command_of("migrate") == ["cadenza", "db", "upgrade"]
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert migrate.get("restart") == "no"
    assert "deploy" not in migrate  # exactly one
    for name in ("api", "worker"):
        depends_on = services()[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully", name
        assert depends_on["minio-init"]["condition"] == "service_completed_successfully", name
        assert depends_on["redis"]["condition"] == "service_healthy", name
    assert services()["minio-init"]["depends_on"]["minio"]["condition"] == "service_healthy"
    assert str(services()["api"]["deploy"]["replicas"]) == "${API_REPLICAS:-2}"
    assert example_environment()["API_REPLICAS"] == "2"


def test_backing_services_have_healthchecks() -> None:
    for name in ("nginx", "postgres", "redis", "minio"):
        assert services()[name]["healthcheck"]["test"], name


# === images =======================================================================================


def _built_services() -> list[str]:
    return [name for name in services() if "build" in services()[name]]


@pytest.mark.parametrize("name", _built_services())
def test_images_are_multi_stage_small_and_unprivileged(name: str) -> None:
    stage = image_stage(name)
    _, dockerfile, _, args = build_of(name)
    stages = {s.name: s for s in parse_dockerfile(dockerfile, args).values()}
    assert len(stages) >= 2, f"{dockerfile.name} is not multi-stage"
    # The final image starts from slim Python, not from the builder (no uv, no build cache).
    assert re.fullmatch(r"python:3\.11-slim(-\w+)?", stage.root_image), stage.root_image
    assert all("uv" not in run.split() for run in stage.all("RUN")), "uv in the final image"
    assert "builder" not in {s.name for s in stage.chain()}
    user = stage.user
    assert user and user.split(":")[0] not in {"root", "0"}, f"{name}: runs as {user!r}"
    uid = user.split(":")[0]
    if uid.isdigit():
        assert any(f"--uid {uid}" in run for run in stage.all("RUN")), f"no user {uid} made"


@pytest.mark.parametrize("name", _built_services())
def test_images_have_healthchecks(name: str, api_routes: set[str]) -> None:
    stage = image_stage(name)
    service = services()[name]
    if (service.get("healthcheck") or {}).get("disable"):
        assert service.get("restart") == "no", f"{name}: only one-shot services skip health"
        return
    check = stage.healthcheck or (service.get("healthcheck") or {}).get("test")
    assert check, f"{name}: no HEALTHCHECK"
    script = " ".join(check)
    image_env = {
        line.split("=")[0] for env in stage.all("ENV") for line in re.findall(r"(\w+)=", env)
    }
    for variable in re.findall(r"os\.environ\[['\"](\w+)['\"]\]", script):
        assert variable in service_environment(name) or variable in image_env, (
            f"{name}: its healthcheck needs {variable}"
        )
    for url_path in re.findall(r"http://127\.0\.0\.1:\d+(/[\w/.-]*)", script):
        assert url_path in api_routes, f"{name}: healthcheck calls {url_path}, not an API route"


@pytest.mark.parametrize("name", _built_services())
def test_entry_commands_exist_in_the_workspace(name: str) -> None:
    """Each container's command line is accepted by the installed command (`… --help`)."""
    app = next((app for app in REFLEX_APPS if name == app), None)
    command = command_of(name)
    executable = command[0]
    if app is None:
        assert executable in workspace_scripts(), f"{name}: {executable} is no workspace script"
        if name in ("api", "worker"):
            image_cmd = image_stage(name).cmd
            assert image_cmd and image_cmd[:2] == command[:2], "the image's CMD runs the same"
    else:
        scripts = {ep.name for ep in entry_points(group="console_scripts")}
        assert executable in scripts, f"{name}: {executable} is not installed"
        if is_pending(app):
            # Until the app exists, its service must stay out of a plain `up`; its command is
            # checked in full once apps/<app>/rxconfig.py is there.
            assert services()[name].get("profiles") == ["pending"], name
            return
    result = subprocess.run(
        [str(BIN_DIR / executable), *command[1:], "--help"],
        cwd=ROOT / "apps" / app if app else ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"{shlex.join(command)}:\n{result.stdout}{result.stderr}"


def test_worker_and_api_serve_on_the_ports_nginx_uses() -> None:
    assert command_of("api")[-4:] == ["--host", "0.0.0.0", "--port", "8080"]
    assert "8080" in " ".join(image_stage("api").healthcheck or [])
    concurrency = command_of("worker")
    assert concurrency[:2] == ["cadenza", "worker"]
    assert (
        concurrency[concurrency.index("--concurrency") + 1]
        == (example_environment()["CADENZA_JOB_CONCURRENCY"])
    )


# === the Reflex apps: pending until their code exists =============================================


@pytest.mark.parametrize("app", REFLEX_APPS)
def test_reflex_app_services(app: str) -> None:
    service = services()[app]
    _, dockerfile, _, args = build_of(app)
    assert dockerfile.name == "reflex.Dockerfile"
    assert args["APP"] == app and (ROOT / "apps" / app / "pyproject.toml").is_file()
    env = service_environment(app)
    assert env["REFLEX_FRONTEND_PORT"] == args["PORT"]
    if app == "admin":
        assert env["REFLEX_FRONTEND_PATH"] == env["REFLEX_BACKEND_PATH"] == "/admin"
    # The image ships Reflex's data dir: without it every start re-initialises the app and
    # runs `npm install` against the registry (seen with Reflex 0.10).
    stage = image_stage(app)
    image_env = " ".join(stage.all("ENV"))
    assert "REFLEX_DIR=/opt/reflex" in image_env and "REFLEX_USE_NPM=1" in image_env
    assert any("/opt/reflex /opt/reflex" in copy for copy in stage.all("COPY"))
    if is_pending(app):
        assert service.get("profiles") == ["pending"], f"{app} must stay out of a plain `up`"
        return
    assert "profiles" not in service, (
        f"apps/{app}/rxconfig.py exists: remove `profiles: [pending]` from {app} in compose.yaml"
    )
    # The app reads only settings its container receives.
    source = "\n".join(
        path.read_text()
        for path in (ROOT / "apps" / app).rglob("*.py")
        if "tests" not in path.parts and ".web" not in path.parts
    )
    needed = set(re.findall(r"[\"'](CADENZA_[A-Z0-9_]+)[\"']", source))
    assert needed <= set(env), f"{app}: add to its environment: {sorted(needed - set(env))}"


# === nginx ========================================================================================


def render_nginx(env: dict[str, str]) -> str:
    """What the nginx image's entrypoint writes to /etc/nginx/nginx.conf: `$CADENZA_*` and
    `${CADENZA_*}` replaced when defined (NGINX_ENVSUBST_FILTER=CADENZA_), the rest as is."""
    return re.sub(
        r"\$(\{)?(CADENZA_\w*)(?(1)\})",
        lambda m: env.get(m[2], m[0]),
        NGINX_TEMPLATE.read_text(),
    )


def nginx_service_env() -> dict[str, str]:
    return service_environment("nginx")


def locations(config: str) -> dict[str, str]:
    """`location` blocks of the server (none nests another): "= /path" → body."""
    return {
        " ".join(m[1].split()): m[2]
        for m in re.finditer(r"^\s*location\s+([^{]+?)\s*\{(.*?)^\s*\}", config, re.M | re.S)
    }


@contextmanager
def _scratch_dir() -> Iterator[Path]:
    """A scratch prefix nginx's workers (another user when run as root) can reach."""
    path = Path(tempfile.mkdtemp(prefix="cadenza-nginx-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def nginx_dir() -> Iterator[Path]:
    with _scratch_dir() as path:
        yield path


def local_nginx_config(config: str, prefix: Path, nginx: str) -> str:
    """The config with nginx's scratch paths under `prefix`, so any user can test it."""
    built = subprocess.run([nginx, "-V"], capture_output=True, text=True).stderr
    paths = ["client_body", "proxy"] + [
        module
        for module in ("fastcgi", "uwsgi", "scgi")
        if f"--without-http_{module}_module" not in built
    ]
    scratch = "".join(f"\n    {name}_temp_path {prefix / name};" for name in paths)
    return config.replace("http {", "http {" + scratch, 1)


def nginx_test(nginx: str, config: str, prefix: Path) -> subprocess.CompletedProcess[str]:
    path = prefix / "nginx.conf"
    path.write_text(local_nginx_config(config, prefix, nginx))
    return subprocess.run(
        [
            nginx,
            "-t",
            "-p",
            str(prefix),
            "-c",
            str(path),
            "-e",
            str(prefix / "error.log"),
            "-g",
            f"pid {prefix / 'nginx.pid'};",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_nginx_config_passes_nginx_t(nginx_dir: Path, nginx_binary: str) -> None:
    nginx = nginx_binary
    config = render_nginx(nginx_service_env())
    assert "CADENZA_" not in re.sub(r"#.*", "", config), "a CADENZA_* variable was not rendered"
    result = nginx_test(nginx, config, nginx_dir)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


def test_nginx_upload_limit_is_the_api_upload_limit() -> None:
    # Both read CADENZA_MAX_UPLOAD_MB from docker/.env, with the same default as settings.py.
    nginx_raw = services()["nginx"]["environment"]["CADENZA_MAX_UPLOAD_MB"]
    assert nginx_raw == services()["api"]["environment"]["CADENZA_MAX_UPLOAD_MB"]
    assert nginx_raw == f"${{CADENZA_MAX_UPLOAD_MB:-{setting_default('CADENZA_MAX_UPLOAD_MB')}}}"
    limit = env_example().values["CADENZA_MAX_UPLOAD_MB"]
    body_sizes = re.findall(r"client_max_body_size\s+(\S+);", render_nginx(nginx_service_env()))
    assert body_sizes == [f"{limit}m"]  # nginx's m is MiB, as the API's MB
    # And it follows the setting.
    assert "client_max_body_size 2048m;" in render_nginx({"CADENZA_MAX_UPLOAD_MB": "2048"})
    assert services()["nginx"]["environment"]["NGINX_ENVSUBST_FILTER"] == "CADENZA_"
    assert services()["nginx"]["environment"]["NGINX_ENVSUBST_OUTPUT_DIR"] == "/etc/nginx"
    assert "./nginx/templates:/etc/nginx/templates:ro" in services()["nginx"]["volumes"]


def test_nginx_routes_to_the_compose_services(api_routes: set[str]) -> None:
    config = render_nginx(nginx_service_env())
    upstreams = dict(re.findall(r"set \$cadenza_(\w+) ([\w.:-]+);", config))
    assert upstreams == {"api": "api:8080", "web": "web:3000", "admin": "admin:3001"}
    for name, address in upstreams.items():
        host, port = address.split(":")
        assert host in services()
        if name in REFLEX_APPS:
            assert service_environment(name)["REFLEX_FRONTEND_PORT"] == port
        else:
            assert command_of(name)[-1] == port

    blocks = locations(config)
    proxied = {
        where: m[1]
        for where, body in blocks.items()
        if (m := re.search(r"proxy_pass http://\$cadenza_(\w+);", body))
    }
    assert proxied["/api/"] == "api"
    assert proxied["= /api/v1/ws"] == "api"
    assert proxied["/admin/"] == "admin"
    assert proxied["/"] == "web"
    assert "proxy_read_timeout 1h" in blocks["= /api/v1/ws"]
    assert "proxy_request_buffering off" in blocks["= /api/v1/tracks/upload"]
    # Locations sent to the API name real API routes.
    for where, upstream in proxied.items():
        if upstream != "api":
            continue
        kind, _, path = where.rpartition(" ")
        if kind == "=":
            assert path in api_routes, f"nginx location {where}: no such API route"
        elif kind == "~":
            assert any(re.search(path, sample_path(route)) for route in api_routes), where
        else:
            assert any(route.startswith(path) or route + "/" == path for route in api_routes)
    # Headers set at server level reach every location only if no location sets its own.
    for where, body in blocks.items():
        assert "add_header" not in body and "proxy_set_header" not in body, where
    assert "proxy_set_header Upgrade $http_upgrade;" in config
    assert "proxy_set_header Connection $connection_upgrade;" in config
    assert re.search(r"^\s*gzip on;", config, re.M)
    for header in SECURITY_HEADERS:
        assert f"add_header {header} " in config, header
    assert re.search(r"^\s*resolver 127\.0\.0\.11\b", config, re.M)  # Docker's DNS


# === nginx for real, in front of a `cadenza up` and two stand-ins for the Reflex apps ============


class _EchoHandler(BaseHTTPRequestHandler):
    """Answers with the app's name, the path and the headers it received."""

    def do_GET(self) -> None:
        body = json.dumps(
            {"app": self.server.app_name, "path": self.path, "headers": dict(self.headers)}
        ).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def echo_server(app_name: str) -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EchoHandler)
    server.app_name = app_name
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def _stopping(process: subprocess.Popen[bytes]) -> Iterator[None]:
    """Stop `process` (by its own PID) on the way out."""
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path, path: str = "") -> None:
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, log.read_text()
        try:
            if path:
                if httpx.get(f"http://127.0.0.1:{port}{path}", timeout=2).status_code == 200:
                    return
            else:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
        except (OSError, httpx.HTTPError):
            pass
        assert time.monotonic() < deadline, f"nothing on port {port}:\n{log.read_text()}"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def nginx_proxy(tmp_path_factory: pytest.TempPathFactory, nginx_binary: str) -> Iterator[str]:
    """docker/'s nginx config (rendered from .env.example) with the compose hostnames pointed
    at a `cadenza up` on embedded defaults and two echo servers standing in for web and admin.
    Module-scoped: one API and one nginx for all the tests below."""
    nginx = nginx_binary
    home = tmp_path_factory.mktemp("nginx-proxy")
    api_port, port = _free_port(), _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CADENZA_")},
        "CADENZA_DATA_DIR": str(home / "data"),
        "CADENZA_PORT": str(api_port),
    }
    api_log = home / "cadenza.log"
    with api_log.open("wb") as log_file:
        api_process = subprocess.Popen(
            [str(BIN_DIR / "cadenza"), "up", "--no-web", "--no-admin", "--no-demo"],
            env=env,
            cwd=home,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    with (
        _stopping(api_process),
        _scratch_dir() as nginx_dir,
        echo_server("web") as web_port,
        echo_server("admin") as admin_port,
    ):
        _wait_for(api_port, api_process, api_log, "/api/v1/health")
        api = f"127.0.0.1:{api_port}"
        config = render_nginx(nginx_service_env())
        config = config.replace("listen 80 default_server;", f"listen 127.0.0.1:{port};")
        for name, address in (
            ("api", api),
            ("web", f"127.0.0.1:{web_port}"),
            ("admin", f"127.0.0.1:{admin_port}"),
        ):
            config = re.sub(
                rf"set \$cadenza_{name} \S+;", f"set $cadenza_{name} {address};", config
            )
        path = nginx_dir / "nginx.conf"
        path.write_text(local_nginx_config(config, nginx_dir, nginx))
        nginx_log = nginx_dir / "nginx.log"
        with nginx_log.open("wb") as log_file:
            process = subprocess.Popen(
                [
                    nginx,
                    "-p",
                    str(nginx_dir),
                    "-c",
                    str(path),
                    "-e",
                    str(nginx_dir / "error.log"),
                    "-g",
                    f"daemon off; pid {nginx_dir / 'nginx.pid'};",
                ],
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        with _stopping(process):
            _wait_for(port, process, nginx_log)
            yield f"127.0.0.1:{port}"


def test_nginx_serves_the_api_with_security_headers_and_gzip(nginx_proxy: str) -> None:
    with httpx.Client(base_url=f"http://{nginx_proxy}", timeout=10) as client:
        health = client.get("/api/v1/health", headers={"x-request-id": "trace-42"})
        assert health.status_code == 200, health.text
        assert health.json()["status"] == "ok"
        assert health.headers["x-request-id"] == "trace-42"  # passed on to the API
        assert health.headers["server"] == "nginx"  # no version
        for header in SECURITY_HEADERS[:-1]:
            assert header.lower() in health.headers, header
        assert "strict-transport-security" not in health.headers  # plain HTTP
        behind_tls = client.get("/nginx-health", headers={"x-forwarded-proto": "https"})
        assert behind_tls.text == "ok\n"
        assert behind_tls.headers["strict-transport-security"].startswith("max-age=")

        schema = client.get("/schema/openapi.json", headers={"accept-encoding": "gzip"})
        assert schema.status_code == 200
        assert schema.headers["content-encoding"] == "gzip"
        assert "/api/v1/health" in schema.json()["paths"]

        # Uploads reach the API through their own location (here: refused, not signed in).
        upload = client.post("/api/v1/tracks/upload", files={"file": ("a.flac", b"fLaC")})
        assert upload.status_code == 401, upload.text
        assert client.get("/metrics").status_code == 404  # not published


def test_nginx_routes_web_and_admin_and_sets_the_client_address(nginx_proxy: str) -> None:
    with httpx.Client(base_url=f"http://{nginx_proxy}", timeout=10) as client:
        web = client.get("/library?tab=albums", headers={"x-forwarded-for": "203.0.113.9"})
        assert web.json()["app"] == "web"
        assert web.json()["path"] == "/library?tab=albums"
        sent = {k.lower(): v for k, v in web.json()["headers"].items()}
        assert sent["x-forwarded-for"] == "127.0.0.1"  # replaced: clients cannot forge it
        assert sent["x-forwarded-proto"] == "http"
        assert sent["x-request-id"]
        assert web.headers["x-frame-options"] == "SAMEORIGIN"

        admin = client.get("/admin/users")
        assert (admin.json()["app"], admin.json()["path"]) == ("admin", "/admin/users")
        redirect = client.get("/admin")
        assert redirect.status_code == 301
        assert redirect.headers["location"] == "/admin/"  # relative: any published port


def test_nginx_refuses_uploads_over_the_limit(nginx_proxy: str) -> None:
    limit = int(env_example().values["CADENZA_MAX_UPLOAD_MB"]) * 1024 * 1024
    host, port = nginx_proxy.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            f"POST /api/v1/tracks/upload HTTP/1.1\r\nHost: {host}\r\n"
            f"Content-Type: application/octet-stream\r\nContent-Length: {limit + 1}\r\n\r\n".encode()
        )
        status_line = sock.recv(4096).split(b"\r\n")[0]
    assert b" 413 " in status_line, status_line


def test_nginx_upgrades_the_playback_websocket(nginx_proxy: str) -> None:
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    # The handshake goes through nginx; the API then refuses the made-up ticket (4401).
    url = f"ws://{nginx_proxy}/api/v1/ws?ticket=made-up"
    with (
        connect(url, open_timeout=10) as socket_,
        pytest.raises(ConnectionClosed) as closed,
    ):
        socket_.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
