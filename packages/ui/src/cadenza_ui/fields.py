"""Form fields beyond the text input: choices, check boxes, long text, files."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import Var

from cadenza_ui.controls import Text


def select_field(
    label: Text,
    *,
    field_id: str,
    options: list[tuple[str, str]] | Var[Any],
    option_value: str = "id",
    option_label: str = "label",
    placeholder: str = "",
    **select_props: Any,
) -> rx.Component:
    """A labelled `<select>`. `options` are `(value, label)` pairs, or a Var list of rows
    whose `option_value` and `option_label` fields give them; `placeholder` is a first,
    empty choice."""
    first = [rx.el.option(placeholder, value="")] if placeholder else []
    if isinstance(options, Var):
        choices: list[rx.Component] = [
            rx.foreach(
                options,
                lambda row: rx.el.option(row[option_label], value=row[option_value]),
            )
        ]
    else:
        choices = [rx.el.option(text, value=value) for value, text in options]
    return rx.el.div(
        rx.el.label(label, html_for=field_id, class_name="cz-label"),
        rx.el.select(
            *first, *choices, id=field_id, name=field_id, class_name="cz-input", **select_props
        ),
        class_name="cz-field",
    )


def checkbox_field(label: Text, *, field_id: str, **input_props: Any) -> rx.Component:
    """A check box with its label beside it."""
    return rx.el.div(
        rx.el.input(
            type="checkbox", id=field_id, name=field_id, class_name="cz-checkbox", **input_props
        ),
        rx.el.label(label, html_for=field_id),
        class_name="cz-check-field",
    )


def textarea_field(label: Text, *, field_id: str, **textarea_props: Any) -> rx.Component:
    """A labelled multi-line text field."""
    return rx.el.div(
        rx.el.label(label, html_for=field_id, class_name="cz-label"),
        rx.el.textarea(id=field_id, name=field_id, class_name="cz-input", rows=4, **textarea_props),
        class_name="cz-field",
    )


def file_drop(
    label: Text,
    *,
    upload_id: str,
    accept: dict[str, list[str]],
    multiple: bool = False,
    prompt: str = "Choose a file",
) -> rx.Component:
    """A labelled drop zone with a button that opens the file chooser, and a line that
    announces what was chosen (`rx.upload_files(upload_id=...)` sends the files)."""
    chosen = rx.selected_files(upload_id)
    label_id = f"{upload_id}-label"
    chosen_id = f"{upload_id}-chosen"
    return rx.el.div(
        rx.el.span(label, id=label_id, class_name="cz-label"),
        rx.upload.root(
            rx.el.div(
                rx.el.button(
                    prompt,
                    type="button",
                    aria_describedby=f"{label_id} {chosen_id}",
                    class_name="cz-button cz-button--quiet",
                ),
                rx.el.span(" or drop here", class_name="cz-muted"),
                class_name="cz-dropzone",
            ),
            id=upload_id,
            multiple=multiple,
            accept=accept,
            no_keyboard=True,
            **({} if multiple else {"max_files": 1}),
        ),
        rx.el.p(
            rx.cond(chosen.length() > 0, "Chosen: " + chosen.join(", "), "Nothing chosen yet."),
            id=chosen_id,
            role="status",
            class_name="cz-field-hint",
        ),
        class_name="cz-field",
    )
