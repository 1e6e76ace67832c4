"""Upload music (artists and admins)."""

from __future__ import annotations

import reflex as rx

from cadenza_ui import alert, button, empty_state, link, page_header, text_field
from cadenza_web.pages.layout import app_page
from cadenza_web.states.session import SessionState
from cadenza_web.states.upload import UPLOAD_ID, UploadState


def _file_picker() -> rx.Component:
    chosen = rx.selected_files(UPLOAD_ID)
    return rx.el.div(
        rx.el.span("Audio file", id="cz-upload-label", class_name="cz-label"),
        rx.upload.root(
            rx.el.div(
                rx.el.button(
                    "Choose a file",
                    type="button",
                    aria_describedby="cz-upload-label cz-upload-chosen",
                    class_name="cz-button cz-button--quiet",
                ),
                rx.el.span(" or drop it here", class_name="cz-muted"),
                class_name="cz-dropzone",
            ),
            id=UPLOAD_ID,
            multiple=False,
            max_files=1,
            accept={"audio/*": []},
            no_keyboard=True,
        ),
        rx.el.p(
            rx.cond(chosen.length() > 0, "Chosen: " + chosen[0], "No file chosen yet."),
            id="cz-upload-chosen",
            role="status",
            class_name="cz-field-hint",
        ),
        class_name="cz-field",
    )


def _form() -> rx.Component:
    return rx.el.form(
        _file_picker(),
        text_field("Title", field_id="title", hint="Leave empty to use the file's tags."),
        text_field("Artist", field_id="artist", hint="Yours, unless you are an admin."),
        text_field("Album", field_id="album"),
        rx.cond(UploadState.error != "", alert(UploadState.error)),
        rx.el.p(UploadState.status, role="status", class_name="cz-status"),
        rx.cond(UploadState.album_link != "", link("Open the album", href=UploadState.album_link)),
        button(
            rx.cond(UploadState.busy, "Uploading…", "Upload"),
            type="submit",
            disabled=UploadState.busy,
        ),
        on_submit=[
            UploadState.remember_fields,
            UploadState.receive(rx.upload_files(upload_id=UPLOAD_ID)),
        ],
        class_name="cz-form",
    )


@app_page("/upload", "Upload")
def upload() -> rx.Component:
    return rx.fragment(
        page_header("Upload", details="Any format FFmpeg reads; Cadenza converts it for you."),
        rx.cond(
            SessionState.can_upload,
            _form(),
            empty_state("Uploads are for artists", "Ask an admin to make your account an artist."),
        ),
    )
