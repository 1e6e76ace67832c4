"""`cadenza db revision -m MSG` (`just make-migration`): autogenerates a numbered migration,
and writes nothing when the models and the database agree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cadenza_api.db.config import MIGRATIONS_DIR
from cadenza_api.db.migrate import next_revision_id


def test_revisions_are_numbered_after_the_highest(tmp_path: Path) -> None:
    assert next_revision_id(tmp_path) == "0001"
    for name in ("20261125_0001_initial.py", "20261201_0012_later.py", "__init__.py", "notes.md"):
        (tmp_path / name).touch()
    assert next_revision_id(tmp_path) == "0013"


def test_no_migration_is_written_when_the_models_match(tmp_path: Path) -> None:
    before = sorted(path.name for path in (MIGRATIONS_DIR / "versions").iterdir())
    env = {**os.environ, "CADENZA_DATA_DIR": str(tmp_path / "data")}
    env.pop("CADENZA_DATABASE_URL", None)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "cadenza"), "db", "revision", "-m", "nothing new"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "no migration written" in done.stderr
    assert sorted(path.name for path in (MIGRATIONS_DIR / "versions").iterdir()) == before
    # The database was brought up to date on the way.
    assert (tmp_path / "data" / "cadenza.db").is_file()
