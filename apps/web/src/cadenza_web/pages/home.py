"""Home: what the user played lately, their playlists, liked songs and the newest albums."""

from __future__ import annotations

import reflex as rx

from cadenza_ui import (
    card_grid,
    cover_card,
    empty_state,
    error_state,
    link,
    loading_state,
    page_header,
    section,
)
from cadenza_web.components.tracks import track_rows
from cadenza_web.models import AlbumCard, ArtistItem, PlaylistCard
from cadenza_web.pages.layout import app_page
from cadenza_web.states.library import LibraryState
from cadenza_web.states.pages import HomeState
from cadenza_web.states.session import SessionState


def album_card(album: rx.vars.ObjectVar[AlbumCard]) -> rx.Component:
    return cover_card(album.title, album.artist, href=album.href, image_url=album.cover_url)


def artist_card(artist: rx.vars.ObjectVar[ArtistItem]) -> rx.Component:
    return cover_card(artist.name, "Artist", href=artist.href)


def playlist_card(playlist: rx.vars.ObjectVar[PlaylistCard]) -> rx.Component:
    return cover_card(playlist.name, playlist.details, href=playlist.href)


@app_page("/", "Home", on_load=[HomeState.load])
def home() -> rx.Component:
    return rx.fragment(
        page_header("Home", details="Signed in as " + SessionState.username),
        rx.cond(HomeState.error != "", error_state(HomeState.error, on_retry=HomeState.load)),
        section(
            "Recently played",
            rx.cond(
                HomeState.recent.length() > 0,
                track_rows(HomeState.recent, label="Recently played"),
                rx.cond(
                    ~HomeState.loading,
                    empty_state("Nothing played yet", "Songs you listen to show up here."),
                ),
            ),
        ),
        section(
            "Your playlists",
            rx.cond(
                LibraryState.playlists.length() > 0,
                card_grid(
                    rx.foreach(LibraryState.playlists, playlist_card), label="Your playlists"
                ),
                empty_state(
                    "No playlists yet",
                    "Use “Add to a playlist” on any song to create your first one.",
                ),
            ),
        ),
        section(
            "Liked songs",
            rx.cond(
                HomeState.liked.length() > 0,
                rx.fragment(
                    track_rows(HomeState.liked, label="Recently liked songs"),
                    link("Show all liked songs", href="/liked"),
                ),
                empty_state(
                    "No liked songs yet", "Press the heart next to a song to keep it here."
                ),
            ),
        ),
        section(
            "Recently added albums",
            rx.cond(
                HomeState.loading,
                loading_state(),
                rx.cond(
                    HomeState.albums.length() > 0,
                    card_grid(
                        rx.foreach(HomeState.albums, album_card), label="Recently added albums"
                    ),
                    empty_state("No albums yet", "Albums appear here once music is uploaded."),
                ),
            ),
        ),
    )
