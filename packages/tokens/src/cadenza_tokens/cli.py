"""The `cadenza-tokens` command line: `cadenza-tokens build [--check]`."""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cadenza_tokens.build import GENERATED_DIR, render_all, stale_files, write_files
from cadenza_tokens.errors import TokenError
from cadenza_tokens.loader import SOURCE, load_tokens

EXIT_STALE = 1
EXIT_INVALID = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        rendered = render_all(load_tokens(args.tokens))
    except TokenError as error:
        print(f"cadenza-tokens: {error}", file=sys.stderr)
        return EXIT_INVALID
    if args.check:
        stale = stale_files(rendered, args.output)
        if stale:
            print(f"Out of date with {_shown(args.tokens)}; run `cadenza-tokens build`:")
            for path in stale:
                print(f"  {_shown(path)}")
            return EXIT_STALE
        print("Generated files are up to date.")
        return 0
    written = write_files(rendered, args.output)
    for path in written:
        print(f"Wrote {_shown(path)}")
    if not written:
        print("Generated files are up to date.")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cadenza-tokens", description="Render Cadenza's design tokens."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser(
        "build",
        help="write the CSS, Python and Textual files generated from tokens.json",
        description="Write the CSS, Python and Textual files generated from tokens.json.",
    )
    build.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 listing the files that would change",
    )
    build.add_argument(
        "--tokens", type=Path, default=SOURCE, metavar="PATH", help="the DTCG JSON to read"
    )
    build.add_argument(
        "--output",
        type=Path,
        default=GENERATED_DIR,
        metavar="DIR",
        help="the directory of generated files",
    )
    return parser


def _shown(path: Path) -> Path:
    """A path relative to the working directory when it lies inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


if __name__ == "__main__":
    sys.exit(main())
