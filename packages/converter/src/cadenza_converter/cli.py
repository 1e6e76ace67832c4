"""The `cadenza-convert` command line: probe, convert, loudness and waveform."""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, get_args

import msgspec
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from cadenza_converter import batch
from cadenza_converter.errors import ConversionError
from cadenza_converter.loudness import measure_loudness
from cadenza_converter.probe import probe as probe_file
from cadenza_converter.results import BatchReport, Outcome, OutputFormat
from cadenza_converter.transcode import MAX_BITRATE_KBPS, MIN_BITRATE_KBPS
from cadenza_converter.waveform import DEFAULT_POINTS
from cadenza_converter.waveform import waveform as waveform_peaks

app = typer.Typer(
    name="cadenza-convert",
    help="Probe, convert and analyse audio files with the FFmpeg inside PyAV.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stdout = Console()
stderr = Console(stderr=True)

_FORMATS: tuple[OutputFormat, ...] = get_args(OutputFormat)
_BITRATE = re.compile(r"(\d+)k?", re.IGNORECASE)
_OUTCOME_STYLE: dict[Outcome, str] = {"converted": "green", "skipped": "dim", "failed": "red"}


def parse_formats(value: str) -> list[OutputFormat]:
    """Parse "opus" or "opus,aac" into distinct output formats."""
    formats: list[OutputFormat] = []
    for name in _split(value):
        known = next((format for format in _FORMATS if format == name.lower()), None)
        if known is None:
            raise typer.BadParameter(
                f"{name!r} is not one of {', '.join(_FORMATS)}.", param_hint="'--format'"
            )
        formats.append(known)
    if not formats:
        raise typer.BadParameter(f"give one of {', '.join(_FORMATS)}.", param_hint="'--format'")
    return list(dict.fromkeys(formats))


def parse_bitrates(value: str) -> list[int]:
    """Parse "96k,160k" (or bare kilobit numbers) into distinct kilobits per second."""
    bitrates: list[int] = []
    for text in _split(value):
        match = _BITRATE.fullmatch(text)
        if match is None:
            raise typer.BadParameter(
                f"{text!r} is not a bitrate such as 96k or 160k.", param_hint="'--bitrate'"
            )
        kbps = int(match.group(1))
        if not MIN_BITRATE_KBPS <= kbps <= MAX_BITRATE_KBPS:
            raise typer.BadParameter(
                f"{text} is outside {MIN_BITRATE_KBPS}k-{MAX_BITRATE_KBPS}k.",
                param_hint="'--bitrate'",
            )
        bitrates.append(kbps)
    if not bitrates:
        raise typer.BadParameter("give a bitrate such as 160k.", param_hint="'--bitrate'")
    return list(dict.fromkeys(bitrates))


@app.command()
def probe(file: Annotated[Path, typer.Argument(help="Audio file to describe.")]) -> None:
    """Print duration, codec, tags and cover-art presence as JSON."""
    with _conversion_errors():
        _print_json(probe_file(file))


@app.command()
def loudness(file: Annotated[Path, typer.Argument(help="Audio file to measure.")]) -> None:
    """Print EBU R128 loudness, true peak, loudness range and track gain as JSON."""
    with _conversion_errors():
        _print_json(measure_loudness(file))


@app.command()
def waveform(
    file: Annotated[Path, typer.Argument(help="Audio file to scan.")],
    points: Annotated[int, typer.Option(min=1, help="Number of peaks to return.")] = (
        DEFAULT_POINTS
    ),
) -> None:
    """Print a JSON list of `points` peak amplitudes (0..1) across the whole file."""
    with _conversion_errors():
        _print_json(waveform_peaks(file, points))


@app.command()
def convert(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            exists=True, metavar="INPUT", help="Files or folders (searched recursively)."
        ),
    ],
    outdir: Annotated[
        Path, typer.Option("--output", "-o", file_okay=False, help="Folder for the outputs.")
    ],
    format: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="opus|aac|mp3",
            show_default="opus",
            help="Output format; comma separated or repeated for several.",
        ),
    ] = None,
    bitrate: Annotated[
        list[str] | None,
        typer.Option(
            "--bitrate",
            "-b",
            metavar="96k,160k",
            show_default="160k",
            help="Bitrate; comma separated or repeated for several.",
        ),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Parallel conversions.")] = (
        os.cpu_count() or 1
    ),
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Convert even when the output is up to date.")
    ] = False,
) -> None:
    """Convert files or whole folders to every format at every bitrate."""
    formats = parse_formats(",".join(format or ["opus"]))
    bitrates = parse_bitrates(",".join(bitrate or ["160k"]))
    total = len(batch.plan(inputs, outdir, formats, bitrates))
    if total == 0:
        stderr.print("error: no audio files found in the given inputs.")
        raise typer.Exit(1)
    with _ConvertProgress(total) as progress:
        report = batch.convert_many(
            inputs,
            outdir,
            formats,
            bitrates,
            jobs=jobs,
            overwrite=overwrite,
            on_progress=progress.update,
        )
    stdout.print(_summary_table(report))
    stdout.print(", ".join(f"{report.count(outcome)} {outcome}" for outcome in _OUTCOME_STYLE))
    if not report.ok:
        failed = report.count("failed")
        stderr.print(f"error: {failed} of {len(report.files)} conversions failed.")
        raise typer.Exit(1)


class _ConvertProgress:
    """An overall bar plus one bar per running conversion; failures are printed as they come."""

    def __init__(self, total: int) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=stdout,
            transient=True,
        )
        self._overall = self._progress.add_task("[bold]all files", total=total)
        self._running: dict[batch.Job, TaskID] = {}
        self._reported_failures: set[tuple[Path, str | None]] = set()

    def __enter__(self) -> "_ConvertProgress":
        self._progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._progress.stop()

    def update(self, event: batch.Progress) -> None:
        """Reflect one progress event from convert_many."""
        job = event.job
        task = self._running.get(job)
        if event.report is None:
            if task is None:
                label = f"{escape(job.input_path.name)} → {job.format} {job.bitrate_kbps}k"
                task = self._running[job] = self._progress.add_task(label, total=100)
            self._progress.update(task, completed=event.fraction * 100)
            return
        if task is not None:
            self._progress.remove_task(self._running.pop(job))
        self._progress.advance(self._overall)
        failure = (job.input_path, event.report.reason)
        if event.report.outcome == "failed" and failure not in self._reported_failures:
            # An input fails the same way for every rendition; say so once.
            self._reported_failures.add(failure)
            self._progress.console.print(
                f"[red]failed[/] {escape(str(job.input_path))}: {escape(event.report.reason or '')}",
                soft_wrap=True,
            )


def _summary_table(report: BatchReport) -> Table:
    table = Table(title="Conversion summary")
    for column in ("input", "output", "result", "details"):
        table.add_column(column, overflow="fold")
    for file in report.files:
        if file.result is not None:
            details = (
                f"{file.result.size_bytes / 1024:.0f} KiB, {file.result.duration_ms / 1000:.1f} s"
            )
        else:
            details = file.reason or ""
        style = _OUTCOME_STYLE[file.outcome]
        table.add_row(
            escape(file.input_path),
            escape(file.output_path),
            f"[{style}]{file.outcome}[/]",
            escape(details),
        )
    return table


@contextmanager
def _conversion_errors() -> Iterator[None]:
    """Turn a ConversionError into a one-line message on stderr and exit status 1."""
    try:
        yield
    except ConversionError as error:
        stderr.print(f"[red]error:[/] {escape(error.path)}: {escape(error.reason)}", soft_wrap=True)
        raise typer.Exit(1) from error


def _print_json(value: object) -> None:
    typer.echo(msgspec.json.format(msgspec.json.encode(value), indent=2).decode())


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def main() -> None:
    """Entry point of the `cadenza-convert` script."""
    app()
