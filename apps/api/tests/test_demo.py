"""The first-run demo catalogue: the synthesiser plays chords, not beeps; seeding fills an empty
library through the importer and the real conversions, creates the demo logins, and never
runs twice."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from typing import Any

import numpy as np
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from cadenza_api.db.config import build_sqlalchemy_config
from cadenza_api.db.models import Album, Artist, Rendition, Track, User
from cadenza_api.domain.demo.catalogue import CATALOGUE, catalogue_size
from cadenza_api.domain.demo.seed import seed_demo
from cadenza_api.domain.demo.synth import RATE, Song, render, triad, voiced
from cadenza_api.domain.media.context import JobContext
from cadenza_api.domain.media.importer import run_conversions
from cadenza_api.services import open_session
from cadenza_api.settings import Settings
from cadenza_api.storage import build_storage
from cadenza_contracts.accounts import Role

# Short tracks keep the conversions quick; the code path is the one `cadenza up` takes.
TEST_SECONDS = 3.0


def sounding_pitch_classes(samples: np.ndarray, start: float, seconds: float) -> set[int]:
    """Pitch classes (0 = C) of the clear spectral peaks between 60 Hz and 2 kHz in a window."""
    first = int(start * RATE)
    window = samples[first : first + int(seconds * RATE)].mean(axis=1)
    spectrum = np.abs(np.fft.rfft(window * np.hanning(len(window))))
    frequencies = np.fft.rfftfreq(len(window), 1 / RATE)
    band = (frequencies > 60) & (frequencies < 2000)
    threshold = 0.1 * spectrum[band].max()
    classes: set[int] = set()
    for index in np.flatnonzero(band)[1:-1]:
        level = spectrum[index]
        if level > threshold and level >= spectrum[index - 1] and level >= spectrum[index + 1]:
            note = 69 + 12 * math.log2(frequencies[index] / 440.0)
            classes.add(round(note) % 12)
    return classes


def test_the_synthesiser_plays_the_chords_of_its_progression() -> None:
    song = Song(key=60, tempo=120, progression=(1, 5, 6, 4), bars=4)
    samples = render(song)

    assert samples.shape[1] == 2
    assert len(samples) >= song.seconds * RATE
    assert float(np.abs(samples).max()) <= 1.0
    assert float(np.sqrt(np.mean(samples**2))) > 0.05
    bar_seconds = 4 * song.beat_seconds
    for bar, degree in enumerate(song.progression):
        chord = {note % 12 for note in triad(song.key, degree)}
        # A window inside the bar, after its attacks: the whole chord sounds at once.
        heard = sounding_pitch_classes(samples, bar * bar_seconds + 0.5, 1.0)
        assert chord <= heard, (bar, sorted(chord), sorted(heard))
        assert len(heard) >= 3


def test_voicing_keeps_chords_close_to_the_centre() -> None:
    for degree in range(1, 8):
        notes = voiced(triad(60, degree), 64)
        assert max(notes) - min(notes) < 12
        assert {n % 12 for n in notes} == {n % 12 for n in triad(60, degree)}


@pytest.fixture
async def context(settings: Settings) -> AsyncIterator[JobContext]:
    database = build_sqlalchemy_config(settings.database)
    yield JobContext(settings=settings, database=database, storage=build_storage(settings))
    await database.get_engine().dispose()


async def count(context: JobContext, model: type[Artist | Album | Track | User]) -> int:
    async with open_session(context.database) as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.slow
async def test_seeding_fills_an_empty_library_once_and_converts_every_track(
    context: JobContext, client: AsyncTestClient[Litestar]
) -> None:
    size = catalogue_size()
    assert (size.artists, size.albums, size.tracks) == (3, 4, 12)

    seed = await seed_demo(context, seconds=TEST_SECONDS)

    assert seed is not None
    assert seed.failures == []
    assert len(seed.job_ids) == size.tracks
    assert await count(context, Artist) == size.artists
    assert await count(context, Album) == size.albums
    assert await count(context, Track) == size.tracks
    assert [(login.username, login.role) for login in seed.logins] == [
        ("demo", Role.LISTENER),
        ("admin", Role.ADMIN),
    ]
    assert not list(context.settings.data_dir.glob("demo-*")), "the rendered files stay behind"

    await run_conversions(context, seed.job_ids, concurrency=2)

    async with open_session(context.database) as session:
        tracks = list(await session.scalars(select(Track)))
        assert {track.status for track in tracks} == {"ready"}
        assert all((track.duration_ms or 0) >= TEST_SECONDS * 1000 for track in tracks)
        renditions = await session.scalar(select(func.count(Rendition.id.distinct())))
        assert (renditions or 0) >= 2 * size.tracks
        albums = list(await session.scalars(select(Album)))
        expected = {album.title for artist in CATALOGUE for album in artist.albums}
        assert {album.title for album in albums} == expected
        assert all(album.cover_key for album in albums)
        for album in albums:
            assert album.cover_key is not None
            assert await context.storage.exists(album.cover_key)

    for login in seed.logins:
        response = await client.post(
            "/api/v1/auth/login", json={"username": login.username, "password": login.password}
        )
        assert response.status_code == 200, response.text
        assert response.json()["user"]["role"] == login.role.value

    assert await seed_demo(context, seconds=TEST_SECONDS) is None
    assert await count(context, Track) == size.tracks
    assert await count(context, User) == 2


async def test_seeding_leaves_an_existing_admin_and_a_taken_name_alone(
    context: JobContext, make_account: Any
) -> None:
    await make_account(Role.ADMIN, username="owner")
    await make_account(Role.ARTIST, username="demo")

    seed = await seed_demo(context, seconds=TEST_SECONDS)

    assert seed is not None
    assert seed.logins == []
    assert await count(context, Track) == catalogue_size().tracks
    async with open_session(context.database) as session:
        users = {user.username: user.role for user in await session.scalars(select(User))}
    assert users == {"owner": "admin", "demo": "artist"}
