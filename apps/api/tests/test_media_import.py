"""`cadenza import` and `import_folder`: a tagged music folder, generated here, becomes the
catalogue once; a second run adds nothing; a changed file updates its track alone."""

from __future__ import annotations

import array
import asyncio
import io
import math
import os
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import pytest
from mutagen.flac import FLAC, Picture
from PIL import Image
from sqlalchemy import func, select

from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import Album, Artist, Job, Rendition, Track
from cadenza_api.domain.media import keys
from cadenza_api.domain.media.context import JobContext
from cadenza_api.domain.media.importer import import_folder, run_conversions
from cadenza_api.services import open_session
from cadenza_api.settings import DatabaseSettings, Settings
from cadenza_api.storage import build_storage

RATE = 44_100
CADENZA = str(Path(sys.executable).parent / "cadenza")
NOT_AUDIO = "not an audio file Cadenza can read: "

_CODECS = {".flac": "flac", ".mp3": "libmp3lame", ".wav": "pcm_s16le"}


def write_audio(
    path: Path, tags: dict[str, str], *, seconds: float = 1.0, frequency: float = 440.0
) -> None:
    """A short stereo sine in the format of `path`'s extension, with FFmpeg metadata tags."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as container:
        container.metadata.update(tags)
        stream = container.add_stream(_CODECS[path.suffix], rate=RATE, layout="stereo")
        resampler = av.AudioResampler(format=stream.format.name, layout="stereo", rate=RATE)
        total = int(seconds * RATE)
        step = 1152
        for start in range(0, total, step):
            count = min(step, total - start)
            samples = array.array("h")
            for n in range(start, start + count):
                value = int(12_000 * math.sin(2 * math.pi * frequency * n / RATE))
                samples.extend((value, value))
            frame = av.AudioFrame(format="s16", layout="stereo", samples=count)
            frame.planes[0].update(samples.tobytes())
            frame.sample_rate = RATE
            frame.pts = start
            frame.time_base = Fraction(1, RATE)
            for resampled in resampler.resample(frame):
                container.mux(stream.encode(resampled))
        for resampled in resampler.resample(None):
            container.mux(stream.encode(resampled))
        container.mux(stream.encode(None))


def image_bytes(fmt: str, colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format=fmt)
    return buffer.getvalue()


def embed_picture(path: Path, data: bytes, mime: str) -> None:
    tagged = FLAC(path)
    picture = Picture()
    picture.type = 3  # front cover
    picture.mime = mime
    picture.width, picture.height, picture.depth = 64, 48, 24
    picture.data = data
    tagged.add_picture(picture)
    tagged.save()


@dataclass
class Library:
    root: Path
    folder_cover: bytes
    embedded_cover: bytes

    @property
    def signals(self) -> Path:
        return self.root / "Tone Row" / "Test Signals"

    @property
    def tapes(self) -> Path:
        return self.root / "Quiet Hours" / "Night Tapes"


def make_library(root: Path) -> Library:
    """Two albums of two artists: FLAC with a `Cover.JPG` beside them; MP3, WAV (whose RIFF
    tags mutagen cannot read) and a FLAC with embedded art; a text file named `.mp3`; a hidden
    folder and a non-audio file that must be ignored."""
    library = Library(
        root=root,
        folder_cover=image_bytes("JPEG", (200, 30, 30)),
        embedded_cover=image_bytes("PNG", (30, 30, 200)),
    )
    signals = {"artist": "Tone Row", "album": "Test Signals", "genre": "Ambient", "date": "2024"}
    write_audio(library.signals / "01 Sine.flac", {**signals, "title": "Sine", "track": "1/2"})
    write_audio(
        library.signals / "02 Fifth.flac",
        {**signals, "title": "Fifth", "track": "2/2", "disc": "1"},
        frequency=660.0,
    )
    (library.signals / "Cover.JPG").write_bytes(library.folder_cover)
    write_audio(
        library.tapes / "1.mp3",
        {"artist": "Quiet Hours", "album": "Night Tapes", "title": "Lantern", "track": "1"},
    )
    write_audio(
        library.tapes / "2.wav",
        {"artist": "quiet hours", "album": "Night Tapes", "title": "Harbor", "track": "2"},
    )
    write_audio(
        library.tapes / "3.flac",
        {
            "artist": "Guest Voice",
            "album_artist": "QUIET HOURS",
            "album": "night tapes",
            "title": "Undertow",
            "track": "3",
            "genre": "Lo-Fi",
        },
    )
    embed_picture(library.tapes / "3.flac", library.embedded_cover, "image/png")
    (root / "Quiet Hours" / "notes.mp3").write_text("These are liner notes, not audio.\n")
    (root / "Quiet Hours" / "readme.txt").write_text("ignored\n")
    write_audio(root / ".hidden" / "secret.flac", {"title": "Secret"})
    return library


@pytest.fixture
async def context(settings: Settings) -> AsyncIterator[JobContext]:
    database = build_sqlalchemy_config(settings.database)
    yield JobContext(settings=settings, database=database, storage=build_storage(settings))
    await database.get_engine().dispose()


TrackRow = tuple[str, str | None, str, int | None, int | None, str | None, str, bool]


async def track_rows(context: JobContext) -> list[TrackRow]:
    """(artist, album, title, track, disc, genre, status, has audio) of every track."""
    async with open_session(context.database) as session:
        tracks = await session.scalars(select(Track).order_by(Track.source_path))
        return [
            (
                track.artist.name,
                track.album.title if track.album else None,
                track.title,
                track.track_number,
                track.disc_number,
                track.genre.name if track.genre else None,
                track.status,
                track.has_audio,
            )
            for track in tracks
        ]


async def count(context: JobContext, model: type[Any]) -> int:
    async with open_session(context.database) as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def track_at(context: JobContext, path: Path) -> Track:
    async with open_session(context.database) as session:
        track = await session.scalar(select(Track).where(Track.source_path == str(path)))
        assert track is not None, path
        return track


EXPECTED_READY: list[TrackRow] = [
    ("Quiet Hours", "Night Tapes", "Lantern", 1, None, None, "ready", True),
    ("Quiet Hours", "Night Tapes", "Harbor", 2, None, None, "ready", True),
    ("Quiet Hours", "Night Tapes", "Undertow", 3, None, "Lo-Fi", "ready", True),
    ("Tone Row", "Test Signals", "Sine", 1, None, "Ambient", "ready", True),
    ("Tone Row", "Test Signals", "Fifth", 2, 1, "Ambient", "ready", True),
]


async def test_import_folder_imports_once_and_updates_what_changed(
    context: JobContext, tmp_path: Path
) -> None:
    library = make_library(tmp_path / "music")
    events: list[tuple[int, int, str | None]] = []
    report = await import_folder(
        context,
        library.root,
        on_progress=lambda done, total, path: events.append(
            (done, total, path.name if path else None)
        ),
    )

    assert (report.added, report.updated, report.unchanged) == (5, 0, 0)
    assert len(report.failures) == 1
    failure = report.failures[0]
    assert failure.path == library.root / "Quiet Hours" / "notes.mp3"
    assert failure.reason.startswith(NOT_AUDIO), failure.reason
    # Sorted walk: folders and files by name; hidden folders and non-audio files left out.
    assert events == [
        (0, 6, None),
        (1, 6, "1.mp3"),
        (2, 6, "2.wav"),
        (3, 6, "3.flac"),
        (4, 6, "notes.mp3"),
        (5, 6, "01 Sine.flac"),
        (6, 6, "02 Fifth.flac"),
    ]
    assert len(report.job_ids) == len(set(report.job_ids)) == 5
    processing = await track_rows(context)
    assert [row[6] for row in processing] == ["processing"] * 5

    await run_conversions(context, report.job_ids, concurrency=2)

    assert await track_rows(context) == EXPECTED_READY
    async with open_session(context.database) as session:
        artists = list(await session.scalars(select(Artist).order_by(Artist.name)))
        assert [(artist.name, artist.owner_id) for artist in artists] == [
            ("Quiet Hours", None),
            ("Tone Row", None),
        ]
        albums = list(await session.scalars(select(Album).order_by(Album.title)))
        assert [(album.title, album.artist.name, album.track_count) for album in albums] == [
            ("Night Tapes", "Quiet Hours", 3),
            ("Test Signals", "Tone Row", 2),
        ]
        tapes, signals = albums
        jobs = list(await session.scalars(select(Job)))
        assert sorted(job.id for job in jobs) == sorted(report.job_ids)
        assert {(job.kind, job.state, job.user_id) for job in jobs} == {
            ("convert_track", "complete", None)
        }
    assert await count(context, Rendition) == 15
    storage = context.storage
    assert signals.cover_key == keys.album_cover_key(signals.id)
    assert await storage.read_bytes(signals.cover_key) == library.folder_cover
    assert tapes.cover_key == keys.album_cover_key(tapes.id)
    assert await storage.read_bytes(tapes.cover_key) == library.embedded_cover
    undertow = await track_at(context, library.tapes / "3.flac")
    assert undertow.cover_key == keys.track_cover_key(undertow.id)
    assert await storage.read_bytes(undertow.cover_key) == library.embedded_cover
    sine = await track_at(context, library.signals / "01 Sine.flac")
    assert sine.cover_key is None
    assert sine.source_mtime_ns == (library.signals / "01 Sine.flac").stat().st_mtime_ns
    assert sine.original_content_type == "audio/flac"
    assert (
        await storage.read_bytes(keys.original_key(sine.id))
        == (library.signals / "01 Sine.flac").read_bytes()
    )

    again = await import_folder(context, library.root)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
    assert (again.job_ids, again.waiting_job_ids) == ([], [])
    assert again.failures == [failure]
    assert await count(context, Job) == 5
    assert await count(context, Track) == 5
    assert await track_rows(context) == EXPECTED_READY

    changed = library.signals / "02 Fifth.flac"
    fifth = await track_at(context, changed)
    mtime = changed.stat().st_mtime_ns
    write_audio(
        changed,
        {
            "artist": "Tone Row",
            "album": "Test Signals",
            "title": "Fifth (Remastered)",
            "track": "2",
            "disc": "2",
        },
        seconds=2.0,
        frequency=660.0,
    )
    os.utime(changed, ns=(mtime + 5_000_000_000, mtime + 5_000_000_000))

    third = await import_folder(context, library.root)
    assert (third.added, third.updated, third.unchanged, third.failed) == (0, 1, 4, 1)
    assert len(third.job_ids) == 1
    updated = await track_at(context, changed)
    assert (updated.id, updated.title, updated.status) == (
        fifth.id,
        "Fifth (Remastered)",
        "processing",
    )
    assert updated.source_mtime_ns == mtime + 5_000_000_000
    assert await storage.read_bytes(keys.original_key(fifth.id)) == changed.read_bytes()

    await run_conversions(context, third.job_ids, concurrency=2)

    rows = await track_rows(context)
    assert rows == [
        *EXPECTED_READY[:4],
        ("Tone Row", "Test Signals", "Fifth (Remastered)", 2, 2, None, "ready", True),
    ]
    updated = await track_at(context, changed)
    assert updated.duration_ms == 2000
    assert await count(context, Job) == 6
    assert await count(context, Rendition) == 15
    assert await count(context, Album) == 2
    assert await count(context, Artist) == 2


async def test_a_file_changed_before_its_conversion_ran_keeps_one_job(
    context: JobContext, tmp_path: Path
) -> None:
    song = tmp_path / "music" / "song.flac"
    write_audio(song, {"title": "Draft", "artist": "Solo"})
    first = await import_folder(context, song.parent)
    assert (first.added, len(first.job_ids)) == (1, 1)

    write_audio(song, {"title": "Final", "artist": "Solo"}, seconds=2.0)
    mtime = song.stat().st_mtime_ns + 1_000_000_000
    os.utime(song, ns=(mtime, mtime))
    second = await import_folder(context, song.parent)

    assert (second.added, second.updated, second.job_ids) == (0, 1, first.job_ids)
    assert await count(context, Job) == 1
    await run_conversions(context, second.job_ids, concurrency=1)
    track = await track_at(context, song)
    assert (track.title, track.album_id, track.status, track.duration_ms) == (
        "Final",
        None,
        "ready",
        2000,
    )


async def test_a_single_takes_the_folder_cover_and_untagged_files_get_defaults(
    context: JobContext, tmp_path: Path
) -> None:
    folder = tmp_path / "loose"
    write_audio(folder / "late_night_take.wav", {})
    cover = image_bytes("PNG", (10, 200, 10))
    (folder / "FOLDER.PNG").write_bytes(cover)
    (folder / "cover.jpg").write_bytes(b"not an image")

    report = await import_folder(context, folder)

    assert (report.added, report.failures) == (1, [])
    track = await track_at(context, folder / "late_night_take.wav")
    assert (track.title, track.artist.name, track.album_id, track.track_number) == (
        "late night take",
        "Unknown Artist",
        None,
        None,
    )
    assert track.cover_key == keys.track_cover_key(track.id)
    assert await context.storage.read_bytes(track.cover_key) == cover


# The `cadenza import` command, run as a process on embedded defaults (and with Redis).


def cadenza_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("CADENZA_")}
    env.update({"CADENZA_DATA_DIR": str(data_dir), "COLUMNS": "200", **extra})
    return env


def run_import(
    env: dict[str, str], *args: str | Path, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CADENZA, "import", *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def counts_in(output: str) -> dict[str, int]:
    """The summary table's counts, whatever box characters the console drew it with."""
    return {
        label: int(number)
        for label, number in re.findall(r"\b(added|updated|unchanged|failed)\W+(\d+)\b", output)
    }


def catalogue(database_url: str) -> tuple[list[tuple[str, str, str]], dict[str, int]]:
    """((artist, title, status) of every track, job states and their counts)."""
    return asyncio.run(_catalogue(database_url))


async def _catalogue(database_url: str) -> tuple[list[tuple[str, str, str]], dict[str, int]]:
    config = build_sqlalchemy_config(DatabaseSettings(url=database_url))
    try:
        async with open_session(config) as session:
            tracks = await session.scalars(select(Track).order_by(Track.title))
            rows = [(track.artist.name, track.title, track.status) for track in tracks]
            states = await session.execute(select(Job.state, func.count()).group_by(Job.state))
            return rows, dict(states.all())
    finally:
        await config.get_engine().dispose()


def test_cadenza_import_command_on_embedded_defaults(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = cadenza_env(data_dir)
    database_url = f"sqlite+aiosqlite:///{data_dir / 'cadenza.db'}"
    music = tmp_path / "music"
    write_audio(music / "A" / "one.flac", {"title": "One", "artist": "Ann", "album": "First"})
    write_audio(music / "A" / "two.mp3", {"title": "Two", "artist": "Ann", "album": "First"})
    write_audio(music / "B" / "three.wav", {"title": "Three", "artist": "Bo"})

    missing = run_import(env, tmp_path / "nowhere")
    assert missing.returncode == 1
    assert f"{tmp_path / 'nowhere'} does not exist." in missing.stderr
    not_a_folder = run_import(env, music / "A" / "one.flac")
    assert not_a_folder.returncode == 1
    assert "one.flac is not a directory." in not_a_folder.stderr

    first = run_import(env, music)
    assert first.returncode == 0, first.stderr
    assert counts_in(first.stdout) == {"added": 3, "updated": 0, "unchanged": 0, "failed": 0}
    assert "Converted 3 of 3 tracks." in first.stdout
    assert catalogue(database_url) == (
        [("Ann", "One", "ready"), ("Bo", "Three", "ready"), ("Ann", "Two", "ready")],
        {"complete": 3},
    )

    second = run_import(env, music)
    assert second.returncode == 0, second.stderr
    assert counts_in(second.stdout) == {"added": 0, "updated": 0, "unchanged": 3, "failed": 0}
    assert "Converted" not in second.stdout
    assert catalogue(database_url)[1] == {"complete": 3}

    write_audio(music / "B" / "four.flac", {"title": "Four", "artist": "Bo"})
    queued = run_import(env, music, "--no-wait")
    assert queued.returncode == 0, queued.stderr
    assert counts_in(queued.stdout) == {"added": 1, "updated": 0, "unchanged": 3, "failed": 0}
    assert (
        "Conversions queued: 1; the API runs them when it next starts (`cadenza up`)."
        in queued.stdout
    )
    tracks, jobs = catalogue(database_url)
    assert ("Bo", "Four", "processing") in tracks
    assert jobs == {"complete": 3, "queued": 1}

    (music / "B" / "broken.flac").write_bytes(b"fLaC" + bytes(range(256)) * 8)
    broken = run_import(env, music)
    assert broken.returncode == 1
    assert counts_in(broken.stdout) == {"added": 0, "updated": 0, "unchanged": 4, "failed": 1}
    assert re.search(r"B/broken\.flac\W+not an audio file Cadenza can read", broken.stdout)
    assert "1 of 5 files could not be imported." in broken.stderr
    # The conversion the --no-wait run left queued is run now, and only that one.
    assert "Converted 1 of 1 tracks." in broken.stdout
    assert catalogue(database_url) == (
        [
            ("Bo", "Four", "ready"),
            ("Ann", "One", "ready"),
            ("Bo", "Three", "ready"),
            ("Ann", "Two", "ready"),
        ],
        {"complete": 4},
    )


def test_cadenza_import_with_redis_hands_conversions_to_workers(
    tmp_path: Path,
    database_for: Callable[[str], AbstractContextManager[str]],
    redis_namespace: Any,
    start_worker: Any,
) -> None:
    music = tmp_path / "music"
    write_audio(music / "x.flac", {"title": "Ex", "artist": "Why"})
    write_audio(music / "y.mp3", {"title": "Wye", "artist": "Why"})
    with database_for("postgres") as database_url:
        env = cadenza_env(
            tmp_path / "data",
            CADENZA_DATABASE_URL=database_url,
            CADENZA_REDIS_URL=redis_namespace.url,
            CADENZA_REDIS_PREFIX=redis_namespace.prefix,
            CADENZA_SECRET_KEY="import-test-secret-key",
        )
        queued = run_import(env, music, "--no-wait")
        assert queued.returncode == 0, queued.stderr
        assert "Conversions queued: 2; `cadenza worker` runs them." in queued.stdout
        assert catalogue(database_url)[1] == {"queued": 2}

        write_audio(music / "z.wav", {"title": "Zed", "artist": "Why"})
        with start_worker(env, tmp_path / "worker.log"):
            waited = run_import(env, music)
            assert waited.returncode == 0, waited.stderr
            assert counts_in(waited.stdout) == {
                "added": 1,
                "updated": 0,
                "unchanged": 2,
                "failed": 0,
            }
            # It also waits for the earlier two if the worker had not yet started them.
            assert re.search(r"Converted ([123]) of \1 tracks\.", waited.stdout)
            assert ("Why", "Zed", "ready") in catalogue(database_url)[0]
            # The two conversions queued earlier run on the same worker meanwhile.
            deadline = time.monotonic() + 120
            while catalogue(database_url)[1] != {"complete": 3}:
                assert time.monotonic() < deadline, catalogue(database_url)
                time.sleep(0.2)
        assert catalogue(database_url) == (
            [("Why", "Ex", "ready"), ("Why", "Wye", "ready"), ("Why", "Zed", "ready")],
            {"complete": 3},
        )
