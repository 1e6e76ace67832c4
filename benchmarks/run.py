"""Run every Cadenza benchmark in turn and print its figures (`uv run just bench`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
BENCHMARKS = [
    ["converter_bench.py", "--seconds", "30"],
    ["streaming_bench.py", "--seconds", "2"],
]


def main() -> int:
    failed = 0
    for script, *args in BENCHMARKS:
        print(f"\n== {script} {' '.join(args)}", flush=True)
        failed += (
            subprocess.run([sys.executable, str(HERE / script), *args], check=False).returncode != 0
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
