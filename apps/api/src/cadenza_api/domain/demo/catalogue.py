"""The demo catalogue: three artists, four albums, a dozen tracks, written as a music folder
(`Artist/Album/NN Title.flac` with tags, and a `cover.jpg` per album) for the importer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cadenza_api.domain.demo.covers import cover_jpeg
from cadenza_api.domain.demo.flac import write_flac
from cadenza_api.domain.demo.synth import Song, bars_for, render
from cadenza_tokens import PALETTE

TRACK_SECONDS = 30.0


@dataclass(frozen=True)
class DemoTrack:
    title: str
    progression: tuple[int, ...]
    arpeggio: tuple[int, ...]


@dataclass(frozen=True)
class DemoAlbum:
    title: str
    year: int
    genre: str
    key: int
    tempo: float
    colours: tuple[str, str]
    tracks: tuple[DemoTrack, ...]


@dataclass(frozen=True)
class DemoArtist:
    name: str
    albums: tuple[DemoAlbum, ...]


CATALOGUE = (
    DemoArtist(
        "The Tonic Collective",
        (
            DemoAlbum(
                "First Light",
                2024,
                "Pop",
                key=60,
                tempo=96,
                colours=(PALETTE["green-500"], PALETTE["gray-950"]),
                tracks=(
                    DemoTrack("Morning Progression", (1, 5, 6, 4), (0, 1, 2, 1)),
                    DemoTrack("Four Chords Home", (6, 4, 1, 5), (0, 2, 1, 2)),
                    DemoTrack("Open Windows", (1, 6, 4, 5), (2, 1, 0, 1)),
                ),
            ),
            DemoAlbum(
                "Harbour Lights",
                2025,
                "Indie",
                key=57,
                tempo=120,
                colours=(PALETTE["blue-400"], PALETTE["gray-900"]),
                tracks=(
                    DemoTrack("Tide Tables", (1, 4, 6, 5), (0, 1, 2, 0, 2, 1)),
                    DemoTrack("Lantern Row", (4, 1, 5, 6), (0, 2, 0, 1)),
                    DemoTrack("Last Ferry", (1, 5, 4, 4), (2, 0, 1, 0)),
                ),
            ),
        ),
    ),
    DemoArtist(
        "Mira Calder",
        (
            DemoAlbum(
                "Paper Satellites",
                2023,
                "Ambient",
                key=63,
                tempo=84,
                colours=(PALETTE["amber-400"], PALETTE["red-700"]),
                tracks=(
                    DemoTrack("Slow Orbit", (1, 3, 4, 1), (0, 1, 2, 1)),
                    DemoTrack("Folded Maps", (2, 5, 1, 6), (0, 2, 1, 0)),
                    DemoTrack("Quiet Signal", (4, 5, 3, 6), (1, 0, 2, 0)),
                ),
            ),
        ),
    ),
    DemoArtist(
        "Low Orbit",
        (
            DemoAlbum(
                "Night Drive",
                2025,
                "Electronic",
                key=53,
                tempo=108,
                colours=(PALETTE["red-300"], PALETTE["blue-700"]),
                tracks=(
                    DemoTrack("Neon Ramp", (6, 4, 1, 5), (0, 1, 2, 2)),
                    DemoTrack("Overpass", (6, 5, 4, 5), (2, 1, 0, 1)),
                    DemoTrack("Exit Forty", (2, 5, 1, 1), (0, 2, 1, 2)),
                ),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class CatalogueSize:
    artists: int
    albums: int
    tracks: int


def catalogue_size() -> CatalogueSize:
    albums = [album for artist in CATALOGUE for album in artist.albums]
    return CatalogueSize(
        artists=len(CATALOGUE),
        albums=len(albums),
        tracks=sum(len(album.tracks) for album in albums),
    )


def song_for(album: DemoAlbum, track: DemoTrack, number: int, seconds: float) -> Song:
    """The song of the album's `number`th track: the album's key and tempo, its own chords."""
    return Song(
        key=album.key,
        tempo=album.tempo,
        progression=track.progression,
        bars=bars_for(album.tempo, seconds, len(track.progression)),
        arpeggio=track.arpeggio,
        seed=album.key * 100 + number,
    )


def write_catalogue(folder: Path, *, seconds: float = TRACK_SECONDS) -> list[Path]:
    """Render every track of the catalogue into `folder` (about `seconds` long each, whole
    bars) with its tags, and each album's cover; returns the audio files written."""
    written: list[Path] = []
    for artist in CATALOGUE:
        for album in artist.albums:
            album_folder = folder / artist.name / album.title
            album_folder.mkdir(parents=True, exist_ok=True)
            (album_folder / "cover.jpg").write_bytes(cover_jpeg(*album.colours))
            for number, track in enumerate(album.tracks, start=1):
                path = album_folder / f"{number:02d} {track.title}.flac"
                tags = {
                    "title": track.title,
                    "artist": artist.name,
                    "album_artist": artist.name,
                    "album": album.title,
                    "genre": album.genre,
                    "date": str(album.year),
                    "track": f"{number}/{len(album.tracks)}",
                }
                write_flac(path, render(song_for(album, track, number, seconds)), tags)
                written.append(path)
    return written
