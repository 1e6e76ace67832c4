"""Tables, dialogs, fields and figures (used by the admin) carry names, labels and states."""

from __future__ import annotations

import reflex as rx

from cadenza_ui import (
    checkbox_field,
    column_header,
    data_table,
    dialog,
    file_drop,
    pager,
    select_field,
    sort_header,
    stat_tile,
)


class TableDemoState(rx.State):
    sort: rx.Field[str] = rx.field("-title")
    has_more: rx.Field[bool] = rx.field(True)

    @rx.event
    def noop(self) -> None:
        pass


def rendered(component: rx.Component) -> str:
    return str(component)


def test_a_table_is_named_by_its_caption() -> None:
    code = rendered(data_table("Tracks", [column_header("Title")], rx.el.tr()))
    assert 'jsx("caption"' in code
    assert '"Tracks"' in code
    assert 'scope:"col"' in code


def test_sort_headers_announce_the_order() -> None:
    code = rendered(
        sort_header(
            "Title", column="title", current=TableDemoState.sort, on_sort=TableDemoState.noop
        )
    )
    assert "aria-sort" in code
    assert '"descending"' in code
    assert '"ascending"' in code
    assert 'jsx("button"' in code


def test_pager_is_a_named_navigation() -> None:
    code = rendered(
        pager(
            "1–20 of 45",
            on_previous=TableDemoState.noop,
            on_next=TableDemoState.noop,
            has_previous=TableDemoState.has_more,
            has_next=TableDemoState.has_more,
            name="Track pages",
        )
    )
    assert '"aria-label":"Track pages"' in code
    assert "Previous page" in code
    assert "Next page" in code


def test_dialog_is_modal_and_named_by_its_title() -> None:
    code = rendered(dialog("Edit", rx.el.p("x"), dialog_id="edit", on_close=TableDemoState.noop))
    assert 'role:"dialog"' in code
    assert '"aria-modal":"true"' in code
    assert '"aria-labelledby":"edit-title"' in code
    assert '"aria-label":"Close"' in code


def test_fields_are_labelled() -> None:
    select = rendered(
        select_field("Album", field_id="album", options=[("1", "One")], placeholder="None")
    )
    assert 'htmlFor:"album"' in select
    assert '"None"' in select
    checkbox = rendered(checkbox_field("Explicit", field_id="explicit"))
    assert 'type:"checkbox"' in checkbox
    assert 'htmlFor:"explicit"' in checkbox
    drop = rendered(file_drop("Cover", upload_id="cover", accept={"image/png": [".png"]}))
    assert '"aria-describedby":"cover-label cover-chosen"' in drop


def test_a_figure_is_a_group_named_by_its_label() -> None:
    code = rendered(stat_tile("Tracks", 2, detail="in 2 files"))
    assert 'role:"group"' in code
    assert '"aria-label":"Tracks"' in code
