"""Your library: your playlists, liked songs, liked albums, followed artists and saved
playlists; and a new playlist."""

from __future__ import annotations

import reflex as rx

from cadenza_ui import (
    button,
    card_grid,
    dialog,
    empty_state,
    error_state,
    link,
    loading_state,
    page_header,
    section,
    text_field,
)
from cadenza_web.pages.home import album_card, artist_card, playlist_card
from cadenza_web.pages.layout import app_page
from cadenza_web.states.collection import NEW_NAME_FIELD, CollectionState
from cadenza_web.states.library import LibraryState


def _create_dialog() -> rx.Component:
    return rx.cond(
        CollectionState.creating,
        rx.fragment(
            dialog(
                "Create playlist",
                rx.el.form(
                    text_field(
                        "Name",
                        field_id=NEW_NAME_FIELD,
                        auto_complete="off",
                        auto_focus=True,
                        error=CollectionState.form_error,
                    ),
                    rx.el.div(
                        button("Create", type="submit", disabled=CollectionState.busy),
                        button("Cancel", quiet=True, on_click=CollectionState.close_create),
                        class_name="cz-row-actions",
                    ),
                    on_submit=CollectionState.create,
                    class_name="cz-form",
                ),
                dialog_id="create-playlist",
                on_close=CollectionState.close_create,
            ),
            rx.window_event_listener(on_key_down=CollectionState.close_on_escape),
        ),
    )


def _collections() -> rx.Component:
    return rx.fragment(
        section(
            "Liked albums",
            rx.cond(
                CollectionState.albums.length() > 0,
                card_grid(rx.foreach(CollectionState.albums, album_card), label="Liked albums"),
                empty_state("No liked albums yet", "Press Like on an album to keep it here."),
            ),
        ),
        section(
            "Followed artists",
            rx.cond(
                CollectionState.artists.length() > 0,
                card_grid(
                    rx.foreach(CollectionState.artists, artist_card), label="Followed artists"
                ),
                empty_state("No followed artists yet", "Press Follow on an artist's page."),
            ),
        ),
        rx.cond(
            CollectionState.saved_playlists.length() > 0,
            section(
                "Saved playlists",
                card_grid(
                    rx.foreach(CollectionState.saved_playlists, playlist_card),
                    label="Saved playlists",
                ),
            ),
        ),
    )


@app_page("/library", "Your library", on_load=[CollectionState.load])
def library() -> rx.Component:
    return rx.fragment(
        page_header("Your library"),
        rx.el.div(
            button("Create playlist", on_click=CollectionState.open_create),
            link("Liked songs", href="/liked", class_name="cz-button cz-button--quiet"),
            class_name="cz-toolbar",
        ),
        section(
            "Your playlists",
            rx.cond(
                LibraryState.playlists.length() > 0,
                card_grid(
                    rx.foreach(LibraryState.playlists, playlist_card), label="Your playlists"
                ),
                empty_state("No playlists yet", "Create one, or add any song to a new one."),
            ),
        ),
        rx.cond(
            CollectionState.error != "",
            error_state(CollectionState.error, on_retry=CollectionState.load),
            rx.cond(CollectionState.loading, loading_state(), _collections()),
        ),
        _create_dialog(),
    )
