"""Reflex components shared by Cadenza's web player and admin.

Pure functions of Vars and event handlers: they hold no state of their own, and every style
comes from `cadenza_tokens` (add `CadenzaStylesPlugin` to the app's `rx.Config`).
"""

from cadenza_ui.cards import card_grid, cover, cover_card
from cadenza_ui.controls import alert, button, icon, icon_button, link, text_field
from cadenza_ui.feedback import empty_state, error_state, loading_state
from cadenza_ui.media import AudioPlayer, audio_player
from cadenza_ui.player import PlayerBarModel, player_bar
from cadenza_ui.search import search_box
from cadenza_ui.shell import app_shell, nav_link, page_header, section, sidebar_section
from cadenza_ui.styles import CadenzaStylesPlugin, component_css, favicon_link, tokens_css
from cadenza_ui.tracks import track_list, track_row

__all__ = [
    "AudioPlayer",
    "CadenzaStylesPlugin",
    "PlayerBarModel",
    "alert",
    "app_shell",
    "audio_player",
    "button",
    "card_grid",
    "component_css",
    "cover",
    "cover_card",
    "empty_state",
    "error_state",
    "favicon_link",
    "icon",
    "icon_button",
    "link",
    "loading_state",
    "nav_link",
    "page_header",
    "player_bar",
    "search_box",
    "section",
    "sidebar_section",
    "text_field",
    "tokens_css",
    "track_list",
    "track_row",
]
