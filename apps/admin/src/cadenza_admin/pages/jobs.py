"""Uploads and jobs: drop audio files to upload them, follow every conversion live."""

from __future__ import annotations

import reflex as rx

from cadenza_admin.components.common import row_actions, state_badge, status_lines
from cadenza_admin.components.lists import list_pager
from cadenza_admin.models import JobRow, UploadRow
from cadenza_admin.pages.layout import admin_page
from cadenza_admin.states.jobs import AUDIO_UPLOAD
from cadenza_admin.states.jobs import JobsState as S
from cadenza_ui import (
    button,
    cell,
    column_header,
    data_table,
    empty_state,
    file_drop,
    icon_button,
    page_header,
    section,
    select_field,
    toolbar,
)

JOB_STATES = [
    ("queued", "Queued"),
    ("running", "Running"),
    ("complete", "Complete"),
    ("failed", "Failed"),
]


def _progress(percent: rx.Var[int], name: rx.Var[str]) -> rx.Component:
    return rx.el.progress(
        value=percent, max=100, aria_label=f"Progress of {name}", class_name="cz-progress"
    )


def _labelled_progress(percent: rx.Var[int], name: rx.Var[str]) -> rx.Component:
    """The bar with its figure beside it, on one line however narrow the column."""
    return rx.el.div(
        _progress(percent, name),
        rx.el.span(percent.to_string() + "%", class_name="cz-progress-figure"),
        class_name="cz-progress-line",
    )


def _upload_row(row: rx.vars.ObjectVar[UploadRow]) -> rx.Component:
    return rx.el.tr(
        cell(row.name),
        cell(_progress(row.percent, row.name)),
        cell(state_badge(row.state)),
        cell(row.message),
    )


def _uploader() -> rx.Component:
    return section(
        "Upload",
        rx.el.form(
            file_drop(
                "Audio files",
                upload_id=AUDIO_UPLOAD,
                accept={"audio/*": []},
                multiple=True,
                prompt="Choose files",
            ),
            button("Upload", type="submit"),
            on_submit=[
                S.start_upload(rx.selected_files(AUDIO_UPLOAD)),
                S.receive(
                    rx.upload_files(upload_id=AUDIO_UPLOAD, on_upload_progress=S.upload_progress)
                ),
            ],
            class_name="cz-form",
        ),
        rx.cond(
            S.uploads.length() > 0,
            data_table(
                "Uploads",
                [
                    column_header("File"),
                    column_header("Progress"),
                    column_header("State"),
                    column_header("Details"),
                ],
                rx.foreach(S.uploads, _upload_row),
            ),
        ),
    )


def _job_row(row: rx.vars.ObjectVar[JobRow]) -> rx.Component:
    return rx.el.tr(
        cell(row.track),
        cell(row.kind),
        cell(state_badge(row.state)),
        cell(_labelled_progress(row.percent, row.track)),
        cell(row.attempts),
        cell(row.error),
        cell(row.user),
        cell(row.created),
        cell(
            row_actions(
                rx.cond(
                    row.state == "failed",
                    icon_button("rotate-ccw", f"Retry {row.track}", on_click=S.retry(row.id)),
                )
            )
        ),
    )


def _jobs() -> rx.Component:
    return section(
        "Jobs",
        toolbar(
            select_field(
                "State",
                field_id="job-state-filter",
                options=JOB_STATES,
                placeholder="Any state",
                value=S.state_filter,
                on_change=S.filter_state,
            ),
            rx.cond(
                S.watching,
                rx.el.span("Updating live", class_name="cz-muted"),
                button("Resume live updates", quiet=True, on_click=S.watch),
            ),
            label="Job filters",
        ),
        rx.cond(
            S.rows.length() > 0,
            data_table(
                "Jobs",
                [
                    column_header("Track"),
                    column_header("Kind"),
                    column_header("State"),
                    column_header("Progress"),
                    column_header("Attempts"),
                    column_header("Error"),
                    column_header("By"),
                    column_header("Created"),
                    column_header("Actions", hidden=True),
                ],
                rx.foreach(S.rows, _job_row),
            ),
            empty_state("No jobs", "Upload audio files and their conversions show here."),
        ),
        list_pager(S, name="Job pages"),
    )


@admin_page("/jobs", "Uploads and jobs", on_load=[S.load, S.watch])
def jobs() -> rx.Component:
    return rx.fragment(
        page_header("Uploads and jobs", details="Any format FFmpeg reads; Cadenza converts it."),
        status_lines(S.notice, S.error, on_retry=S.load),
        _uploader(),
        _jobs(),
    )
