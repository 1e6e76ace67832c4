"""The cadenza-convert command line, through typer's runner and as an installed script."""

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cadenza_converter.cli import app

runner = CliRunner()
MakeAudio = Callable[..., Path]
ListFiles = Callable[[Path], list[str]]


def one_line(text: str) -> str:
    """Undo rich's wrapping: drop box-drawing borders and join the words."""
    return " ".join(" ".join(line.strip(" │╭╮╰╯─").split()) for line in text.splitlines())


def test_probe_prints_camel_case_json(media: Path) -> None:
    result = runner.invoke(app, ["probe", str(media / "tagged.flac")])

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["codec"] == "flac"
    assert document["hasCoverArt"] is True
    assert document["tags"]["trackNumber"] == 3


@pytest.mark.parametrize("command", ["probe", "loudness", "waveform"])
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("absent.flac", "no such file"),
        ("notes.mp3", "FFmpeg cannot read it"),
        ("cover.png", "no audio stream"),
    ],
)
def test_unreadable_file_is_one_clear_line_and_exit_1(
    media: Path, command: str, name: str, reason: str
) -> None:
    result = runner.invoke(app, [command, str(media / name)])

    assert result.exit_code == 1
    assert result.stdout == ""
    assert reason in result.stderr
    assert name in result.stderr
    assert "Traceback" not in result.output


def test_loudness_prints_json(make_audio: MakeAudio) -> None:
    tone = make_audio("tone.wav", seconds=2.0, amplitude=0.1)

    result = runner.invoke(app, ["loudness", str(tone)])

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"integratedLufs", "truePeakDbtp", "loudnessRangeLu", "trackGainDb"}
    assert document["integratedLufs"] == pytest.approx(-20.0, abs=0.5)


def test_waveform_prints_a_list_of_points(media: Path) -> None:
    result = runner.invoke(app, ["waveform", str(media / "plain.wav"), "--points", "16"])

    assert result.exit_code == 0, result.output
    peaks = json.loads(result.stdout)
    assert len(peaks) == 16
    assert all(peak == pytest.approx(0.5, abs=0.01) for peak in peaks)


def test_waveform_rejects_zero_points(media: Path) -> None:
    result = runner.invoke(app, ["waveform", str(media / "plain.wav"), "--points", "0"])

    assert result.exit_code == 2


def test_convert_reports_failures_by_name_and_converts_the_rest(
    media: Path, make_audio: MakeAudio, tmp_path: Path, files: ListFiles
) -> None:
    make_audio("in/good.flac", seconds=0.5)
    make_audio("in/sub/other.wav", seconds=0.5)
    shutil.copy(media / "notes.mp3", tmp_path / "in" / "notes.mp3")
    out = tmp_path / "out"

    options = ["-o", str(out), "--format", "opus,aac", "--bitrate", "96k,64k", "--jobs", "2"]

    result = runner.invoke(app, ["convert", str(tmp_path / "in"), *options])

    assert result.exit_code == 1
    assert f"failed {tmp_path / 'in' / 'notes.mp3'}: FFmpeg cannot read it" in result.stdout
    assert "8 converted, 0 skipped, 4 failed" in result.stdout
    assert "4 of 12 conversions failed" in result.stderr
    assert "Traceback" not in result.output
    assert files(out) == [
        "good.64k.m4a",
        "good.64k.opus",
        "good.96k.m4a",
        "good.96k.opus",
        "sub/other.64k.m4a",
        "sub/other.64k.opus",
        "sub/other.96k.m4a",
        "sub/other.96k.opus",
    ]


def test_convert_twice_skips_then_overwrite_converts(make_audio: MakeAudio, tmp_path: Path) -> None:
    song = make_audio("song.flac", seconds=0.5)
    arguments = ["convert", str(song), "-o", str(tmp_path / "out"), "-f", "mp3", "-b", "128k"]

    first = runner.invoke(app, arguments)
    second = runner.invoke(app, arguments)
    third = runner.invoke(app, [*arguments, "--overwrite"])

    assert first.exit_code == second.exit_code == third.exit_code == 0
    assert "1 converted, 0 skipped, 0 failed" in first.stdout
    assert "0 converted, 1 skipped, 0 failed" in second.stdout
    assert "1 converted, 0 skipped, 0 failed" in third.stdout
    assert (tmp_path / "out" / "song.128k.mp3").is_file()


def test_convert_defaults_to_opus_at_160k(make_audio: MakeAudio, tmp_path: Path) -> None:
    song = make_audio("song.wav", seconds=0.5)

    result = runner.invoke(app, ["convert", str(song), "-o", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "song.160k.opus").is_file()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--format", "wav"], "'wav' is not one of opus, aac, mp3"),
        (["--bitrate", "abc"], "'abc' is not a bitrate"),
        (["--bitrate", "96k,2000k"], "outside 8k-512k"),
        (["--jobs", "0"], "--jobs"),
    ],
)
def test_convert_rejects_bad_options(
    make_audio: MakeAudio, tmp_path: Path, arguments: list[str], message: str
) -> None:
    song = make_audio("song.wav", seconds=0.5)

    result = runner.invoke(app, ["convert", str(song), "-o", str(tmp_path / "out"), *arguments])

    assert result.exit_code == 2
    assert message in one_line(result.stderr)
    assert not (tmp_path / "out").exists()


def test_convert_rejects_a_missing_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", str(tmp_path / "nope"), "-o", str(tmp_path / "out")])

    assert result.exit_code == 2
    assert "does not exist" in one_line(result.stderr)


def test_convert_of_a_folder_without_audio_fails(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "readme.txt").write_text("hello")

    result = runner.invoke(app, ["convert", str(tmp_path / "docs"), "-o", str(tmp_path / "out")])

    assert result.exit_code == 1
    assert "no audio files found" in result.stderr


def test_installed_script_runs(media: Path) -> None:
    script = Path(sys.executable).with_name("cadenza-convert")

    ok = subprocess.run(
        [str(script), "probe", str(media / "mono.flac")],
        capture_output=True,
        text=True,
        check=False,
    )
    missing = subprocess.run(
        [str(script), "loudness", str(media / "absent.wav")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["channels"] == 1
    assert missing.returncode == 1
    assert "absent.wav: no such file" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_a_folder_of_ten_good_files_and_one_broken_one(
    make_audio: MakeAudio, tmp_path: Path, files: ListFiles
) -> None:
    """The issue's acceptance case, through the installed `cadenza-convert` script."""
    for number in range(10):
        make_audio(f"album/{number:02d}.flac", seconds=0.3)
    broken = tmp_path / "album" / "broken.flac"
    broken.write_bytes(b"fLaC" + bytes(range(256)) * 8)
    script = Path(sys.executable).with_name("cadenza-convert")

    result = subprocess.run(
        [
            str(script),
            "convert",
            str(tmp_path / "album"),
            "-o",
            str(tmp_path / "out"),
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "250"},
    )

    assert result.returncode == 1
    assert f"failed {broken}" in result.stdout
    assert "10 converted, 0 skipped, 1 failed" in result.stdout
    assert files(tmp_path / "out") == [f"{number:02d}.160k.opus" for number in range(10)]
    assert "Traceback" not in result.stdout + result.stderr
