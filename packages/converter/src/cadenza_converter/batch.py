"""Convert many files and folders to many renditions in parallel, reporting on each."""

import queue
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from cadenza_converter.errors import ConversionError
from cadenza_converter.results import BatchReport, FileReport, Outcome, OutputFormat
from cadenza_converter.transcode import (
    ENCODINGS,
    MAX_BITRATE_KBPS,
    MIN_BITRATE_KBPS,
    transcode,
)

# Files picked up when walking a folder; files named explicitly are always tried.
AUDIO_EXTENSIONS = frozenset(
    {
        ".aac",
        ".aif",
        ".aifc",
        ".aiff",
        ".alac",
        ".ape",
        ".caf",
        ".dsf",
        ".flac",
        ".m4a",
        ".mka",
        ".mp2",
        ".mp3",
        ".mpc",
        ".oga",
        ".ogg",
        ".opus",
        ".tta",
        ".wav",
        ".weba",
        ".webm",
        ".wma",
        ".wv",
    }
)


@dataclass(frozen=True)
class Job:
    """One rendition to produce: an input, its output path, format and bitrate."""

    input_path: Path
    output_path: Path
    format: OutputFormat
    bitrate_kbps: int


@dataclass(frozen=True)
class Progress:
    """A job moved on: `fraction` done so far, and its `report` once it has finished."""

    job: Job
    fraction: float
    report: FileReport | None = None


ProgressCallback = Callable[[Progress], None]
_Event = tuple[int, float | FileReport]


def output_path_for(
    relative_path: Path, outdir: Path, format: OutputFormat, bitrate_kbps: int
) -> Path:
    """`<outdir>/<relative path stem>.<bitrate>k.<ext>`."""
    name = f"{relative_path.stem}.{bitrate_kbps}k{ENCODINGS[format].extension}"
    return outdir / relative_path.parent / name


def find_inputs(inputs: Iterable[str | Path], outdir: str | Path) -> list[tuple[Path, Path]]:
    """Expand folders recursively into (file, path relative to its folder) pairs.

    Inside folders only audio extensions count, and hidden files and anything already under
    `outdir` are left alone; anything that is not a folder is taken as it is.
    """
    outdir = Path(outdir).resolve()
    found: list[tuple[Path, Path]] = []
    for entry in map(Path, inputs):
        if not entry.is_dir():
            found.append((entry, Path(entry.name)))
            continue
        for file in sorted(entry.rglob("*")):
            relative = file.relative_to(entry)
            if (
                file.suffix.lower() in AUDIO_EXTENSIONS
                and file.is_file()
                and not any(part.startswith(".") for part in relative.parts)
                and not file.resolve().is_relative_to(outdir)
            ):
                found.append((file, relative))
    return found


def plan(
    inputs: Iterable[str | Path],
    outdir: str | Path,
    formats: Sequence[OutputFormat],
    bitrates: Sequence[int],
) -> list[Job]:
    """Every (input file, format, bitrate) combination, in input order."""
    return [
        Job(file, output_path_for(relative, Path(outdir), format, bitrate), format, bitrate)
        for file, relative in find_inputs(inputs, outdir)
        for format in formats
        for bitrate in bitrates
    ]


def convert_many(
    inputs: Iterable[str | Path],
    outdir: str | Path,
    formats: Sequence[OutputFormat],
    bitrates: Sequence[int],
    *,
    jobs: int = 1,
    overwrite: bool = False,
    on_progress: ProgressCallback | None = None,
) -> BatchReport:
    """Convert files and folders to every format and bitrate, `jobs` at a time.

    An output at least as new as its input is skipped unless `overwrite`; a file that fails
    is reported with its reason and never stops the others. `on_progress` is only ever
    called from the calling thread.
    """
    _check_arguments(formats, bitrates, jobs)
    planned = plan(inputs, outdir, formats, bitrates)
    reports: list[FileReport | None] = [None] * len(planned)
    notify = on_progress or (lambda _: None)
    runnable: list[int] = []
    producers: dict[Path, Job] = {}
    for index, job in enumerate(planned):
        report = _settled_without_work(job, producers.get(job.output_path), overwrite)
        producers.setdefault(job.output_path, job)
        if report is None:
            runnable.append(index)
        else:
            reports[index] = report
            notify(Progress(job, 1.0, report))

    # FFmpeg decodes and encodes with the GIL released, so threads do run in parallel.
    # Workers only post events; this thread turns them into callbacks.
    events: queue.SimpleQueue[_Event] = queue.SimpleQueue()
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="cadenza-convert") as pool:
        futures = [pool.submit(_run, index, planned[index], events) for index in runnable]
        try:
            finished = 0
            while finished < len(runnable):
                index, event = events.get()
                if isinstance(event, FileReport):
                    reports[index] = event
                    finished += 1
                    notify(Progress(planned[index], 1.0, event))
                else:
                    notify(Progress(planned[index], event))
        finally:
            for future in futures:
                future.cancel()
    return BatchReport(files=[report for report in reports if report is not None])


def _check_arguments(formats: Sequence[OutputFormat], bitrates: Sequence[int], jobs: int) -> None:
    if not formats or any(format not in ENCODINGS for format in formats):
        raise ValueError(f"formats must be some of {sorted(ENCODINGS)}, not {list(formats)}")
    if not bitrates or any(not MIN_BITRATE_KBPS <= b <= MAX_BITRATE_KBPS for b in bitrates):
        raise ValueError(
            f"bitrates must lie within {MIN_BITRATE_KBPS}k-{MAX_BITRATE_KBPS}k, "
            f"not {list(bitrates)}"
        )
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")


def _settled_without_work(job: Job, producer: Job | None, overwrite: bool) -> FileReport | None:
    """The report of a job that needs no encoding (a duplicate or up to date), else None."""
    if producer is not None:
        return _report(job, "failed", f"{producer.input_path} already produces this output")
    if not overwrite and _is_up_to_date(job):
        return _report(job, "skipped", "output is up to date")
    return None


def _is_up_to_date(job: Job) -> bool:
    try:
        return job.output_path.stat().st_mtime >= job.input_path.stat().st_mtime
    except OSError:
        return False


def _run(index: int, job: Job, events: "queue.SimpleQueue[_Event]") -> None:
    """Transcode one job, posting its progress and then its report; never raises."""

    def post_progress(fraction: float) -> None:
        events.put((index, fraction))

    try:
        result = transcode(
            job.input_path,
            job.output_path,
            job.format,
            job.bitrate_kbps,
            on_progress=post_progress,
        )
    except ConversionError as error:
        report = _report(job, "failed", error.reason)
    except Exception as error:
        report = _report(job, "failed", f"unexpected {type(error).__name__}: {error}")
    else:
        report = _report(job, "converted", None)
        report.result = result
    events.put((index, report))


def _report(job: Job, outcome: Outcome, reason: str | None) -> FileReport:
    return FileReport(
        input_path=str(job.input_path),
        output_path=str(job.output_path),
        format=job.format,
        bitrate_kbps=job.bitrate_kbps,
        outcome=outcome,
        reason=reason,
    )
