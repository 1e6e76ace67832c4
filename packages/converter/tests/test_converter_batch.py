"""convert_many(): folder walking, output naming, failures, skipping and overwriting."""

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cadenza_converter import BatchReport, Progress, convert_many, plan, probe

MakeAudio = Callable[..., Path]
ListFiles = Callable[[Path], list[str]]


@pytest.fixture
def library(tmp_path: Path, make_audio: MakeAudio, media: Path, corrupt_flac: Path) -> Path:
    """music/ with nested albums, a corrupt FLAC, a text file named .mp3 and some non-audio."""
    root = tmp_path / "music"
    make_audio("music/Artist/Album/01 Intro.flac", seconds=1.0)
    make_audio("music/Artist/Album/02 Song.mp3", seconds=1.0)
    make_audio("music/single.wav", seconds=1.0)
    shutil.move(corrupt_flac, root / "Artist" / "broken.flac")
    shutil.copy(media / "notes.mp3", root / "notes.mp3")
    (root / "Artist" / "Album" / "folder.jpg").write_bytes(b"\xff\xd8\xff not really")
    (root / "readme.txt").write_text("not audio")
    (root / ".hidden.flac").write_text("ignored")
    return root


def outcomes(report: BatchReport) -> dict[str, str]:
    return {Path(file.output_path).name: file.outcome for file in report.files}


def test_outputs_mirror_the_folder_tree(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"

    jobs = plan([library], out, ["opus", "aac"], [96, 160])

    names = {str(job.output_path.relative_to(out)) for job in jobs}
    assert "Artist/Album/01 Intro.96k.opus" in names
    assert "Artist/Album/01 Intro.160k.m4a" in names
    assert "Artist/Album/02 Song.96k.m4a" in names
    assert "single.160k.opus" in names
    assert "notes.96k.opus" in names  # named .mp3, so it is tried (and will fail)
    assert not any("readme" in name or "folder" in name or "hidden" in name for name in names)
    assert len(jobs) == 5 * 2 * 2


def test_one_bad_file_never_stops_the_others(
    library: Path, tmp_path: Path, files: ListFiles
) -> None:
    out = tmp_path / "out"

    report = convert_many([library], out, ["opus", "mp3"], [96], jobs=2)

    assert outcomes(report) == {
        "01 Intro.96k.opus": "converted",
        "01 Intro.96k.mp3": "converted",
        "02 Song.96k.opus": "converted",
        "02 Song.96k.mp3": "converted",
        "broken.96k.opus": "failed",
        "broken.96k.mp3": "failed",
        "notes.96k.opus": "failed",
        "notes.96k.mp3": "failed",
        "single.96k.opus": "converted",
        "single.96k.mp3": "converted",
    }
    failed = {Path(f.input_path).name: f.reason for f in report.files if f.outcome == "failed"}
    assert failed["notes.mp3"] is not None
    assert "Invalid data" in failed["notes.mp3"]
    assert failed["broken.flac"]
    assert not report.ok
    assert report.count("converted") == 6
    assert files(out) == sorted(
        [
            "Artist/Album/01 Intro.96k.mp3",
            "Artist/Album/01 Intro.96k.opus",
            "Artist/Album/02 Song.96k.mp3",
            "Artist/Album/02 Song.96k.opus",
            "single.96k.mp3",
            "single.96k.opus",
        ]
    )
    converted = next(f for f in report.files if f.outcome == "converted")
    assert converted.result is not None
    assert probe(converted.output_path).duration_ms == pytest.approx(1000, abs=100)


def test_second_run_skips_and_overwrite_converts_again(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert_many([library / "Artist" / "Album"], out, ["aac"], [128])

    second = convert_many([library / "Artist" / "Album"], out, ["aac"], [128])
    forced = convert_many([library / "Artist" / "Album"], out, ["aac"], [128], overwrite=True)

    assert [f.outcome for f in second.files] == ["skipped", "skipped"]
    assert second.ok
    assert [f.outcome for f in forced.files] == ["converted", "converted"]


def test_an_input_newer_than_its_output_is_converted_again(
    make_audio: MakeAudio, tmp_path: Path
) -> None:
    song = make_audio("in/song.flac", seconds=0.5)
    out = tmp_path / "out"
    convert_many([song], out, ["opus"], [64])
    rendition = out / "song.64k.opus"
    stamp = rendition.stat().st_mtime
    os.utime(song, (stamp + 10, stamp + 10))

    report = convert_many([song], out, ["opus"], [64])

    assert [f.outcome for f in report.files] == ["converted"]


def test_failed_files_are_retried_on_the_next_run(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert_many([library / "notes.mp3"], out, ["opus"], [96])

    again = convert_many([library / "notes.mp3"], out, ["opus"], [96])

    assert [f.outcome for f in again.files] == ["failed"]


def test_missing_input_is_reported_not_raised(tmp_path: Path) -> None:
    report = convert_many([tmp_path / "gone.flac"], tmp_path / "out", ["opus"], [96])

    assert [(f.outcome, f.reason) for f in report.files] == [("failed", "no such file")]


def test_outdir_inside_the_input_folder_is_not_converted_again(
    make_audio: MakeAudio, tmp_path: Path
) -> None:
    song = make_audio("lib/song.wav", seconds=0.5)
    library = song.parent
    convert_many([library], library / "converted", ["mp3"], [128])

    report = convert_many([library], library / "converted", ["mp3"], [128])

    assert [Path(f.input_path).name for f in report.files] == ["song.wav"]


def test_two_inputs_claiming_one_output_fail_the_second(
    make_audio: MakeAudio, tmp_path: Path
) -> None:
    first = make_audio("a/song.flac", seconds=0.5)
    second = make_audio("b/song.wav", seconds=0.5)

    report = convert_many([first, second], tmp_path / "out", ["opus"], [96])

    assert [f.outcome for f in report.files] == ["converted", "failed"]
    assert str(first) in (report.files[1].reason or "")


def test_progress_events_end_with_one_report_per_output(library: Path, tmp_path: Path) -> None:
    events: list[Progress] = []

    report = convert_many(
        [library / "Artist"], tmp_path / "out", ["opus"], [64, 96], on_progress=events.append
    )

    finished = [event.report for event in events if event.report is not None]
    assert sorted(f.output_path for f in finished if f) == sorted(
        f.output_path for f in report.files
    )
    for job in {event.job for event in events}:
        fractions = [event.fraction for event in events if event.job == job]
        assert fractions == sorted(fractions)
        assert fractions[-1] == 1.0


@pytest.mark.parametrize(
    ("formats", "bitrates", "jobs", "message"),
    [
        (["flac"], [96], 1, "formats"),
        ([], [96], 1, "formats"),
        (["opus"], [], 1, "bitrates"),
        (["opus"], [1000], 1, "bitrates"),
        (["opus"], [96], 0, "jobs"),
    ],
)
def test_bad_arguments_raise_before_any_work(
    tmp_path: Path, formats: list, bitrates: list[int], jobs: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        convert_many([tmp_path], tmp_path / "out", formats, bitrates, jobs=jobs)
