"""Render every generated file from the tokens and compare or write them to disk."""

from pathlib import Path

from cadenza_tokens.model import Token
from cadenza_tokens.render_css import render_css
from cadenza_tokens.render_python import render_python
from cadenza_tokens.render_textual import render_tcss, render_textual
from cadenza_tokens.themes import check_themes

GENERATED_DIR = Path(__file__).with_name("generated")


def render_all(tokens: dict[str, Token]) -> dict[str, str]:
    """Every generated file's text by file name; the same tokens always give the same bytes."""
    check_themes(tokens)
    return {
        "tokens.css": render_css(tokens),
        "theme.py": render_python(tokens),
        "textual_theme.py": render_textual(tokens),
        "cadenza.tcss": render_tcss(tokens),
    }


def stale_files(rendered: dict[str, str], output_dir: Path = GENERATED_DIR) -> list[Path]:
    """The files in `output_dir` that are missing or differ from `rendered`."""
    stale = []
    for name, text in rendered.items():
        path = output_dir / name
        if not path.is_file() or path.read_bytes() != text.encode():
            stale.append(path)
    return stale


def write_files(rendered: dict[str, str], output_dir: Path = GENERATED_DIR) -> list[Path]:
    """Write the files that are stale, leaving the others untouched; return those written."""
    stale = stale_files(rendered, output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    for path in stale:
        path.write_bytes(rendered[path.name].encode())
    return stale
