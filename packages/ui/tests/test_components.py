"""Shared components carry accessible names, labels and states by construction."""

from __future__ import annotations

import reflex as rx

from cadenza_ui import (
    PlayerBarModel,
    app_shell,
    audio_player,
    error_state,
    icon_button,
    player_bar,
    search_box,
    text_field,
)


class DemoState(rx.State):
    title: rx.Field[str] = rx.field("")
    playing: rx.Field[bool] = rx.field(False)
    position: rx.Field[float] = rx.field(0.0)
    volume: rx.Field[int] = rx.field(50)
    query: rx.Field[str] = rx.field("")

    @rx.event
    def noop(self) -> None:
        pass

    @rx.event
    def at(self, seconds: float) -> None:
        self.position = seconds


def rendered(component: rx.Component) -> str:
    return str(component)


def test_icon_button_is_named_and_toggles() -> None:
    code = rendered(icon_button("heart", "Like", pressed=DemoState.playing))
    assert '"aria-label":"Like"' in code
    assert "aria-pressed" in code
    assert '"aria-hidden":"true"' in code


def test_text_field_links_label_hint_and_error() -> None:
    code = rendered(text_field("Password", field_id="password", hint="At least 10.", error="Bad"))
    assert 'htmlFor:"password"' in code
    assert 'id:"password"' in code
    assert "password-hint password-error" in code
    assert "aria-invalid" in code


def test_search_box_is_a_labelled_searchbox() -> None:
    code = rendered(search_box(initial=DemoState.query, on_change=DemoState.noop))
    assert 'type:"search"' in code
    assert 'htmlFor:"search"' in code
    assert 'role:"search"' in code


def test_error_state_is_an_alert_with_a_retry() -> None:
    code = rendered(error_state("The server is down.", on_retry=DemoState.noop))
    assert 'role:"alert"' in code
    assert "Try again" in code


def test_app_shell_leaves_room_for_a_player_bar_only_when_there_is_one() -> None:
    with_player = rendered(
        app_shell(
            nav_links=[],
            content=rx.el.p("page"),
            player=rx.el.section("the bar", id="bar"),
        )
    )
    without_player = rendered(app_shell(nav_links=[], content=rx.el.p("page")))
    assert 'className:"cz-shell"' in with_player
    assert '"the bar"' in with_player
    assert 'className:"cz-shell cz-shell--no-player"' in without_player
    assert 'className:"cz-shell"' not in without_player


def test_player_bar_names_every_control() -> None:
    bar = player_bar(
        PlayerBarModel(
            title=DemoState.title,
            artist=DemoState.title,
            has_track=DemoState.playing,
            playing=DemoState.playing,
            position=DemoState.position,
            duration=DemoState.position,
            elapsed_text=DemoState.title,
            total_text=DemoState.title,
            volume=DemoState.volume,
            liked=DemoState.playing,
            on_toggle=DemoState.noop,
            on_previous=DemoState.noop,
            on_next=DemoState.noop,
            on_seek=DemoState.at,
            on_volume=DemoState.at,
            on_like=DemoState.noop,
        )
    )
    code = rendered(bar)
    for name in ("Like", "Previous", "Next", "Seek", "Volume", "Player"):
        assert f'"aria-label":"{name}"' in code, name
    assert '"Pause"' in code
    assert '"Play"' in code


def test_audio_player_reports_media_events() -> None:
    code = rendered(
        audio_player(
            id="audio",
            src="x",
            on_time_update=DemoState.at,
            on_ended=DemoState.noop,
        )
    )
    assert "onTimeUpdate" in code
    assert '"currentTime"' in code
    assert "onEnded" in code
