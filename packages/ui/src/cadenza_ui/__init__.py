"""Reflex components shared by Cadenza's web player and admin.

Pure functions of Vars and event handlers: they hold no state of their own, and every style
comes from `cadenza_tokens` (add `CadenzaStylesPlugin` to the app's `rx.Config`).
"""

from cadenza_ui.cards import card_grid, cover, cover_card
from cadenza_ui.controls import alert, button, icon, icon_button, link, text_field
from cadenza_ui.dialogs import dialog
from cadenza_ui.feedback import empty_state, error_state, loading_state
from cadenza_ui.fields import checkbox_field, file_drop, select_field, textarea_field
from cadenza_ui.media import AudioPlayer, audio_player
from cadenza_ui.player import PlayerBarModel, player_bar
from cadenza_ui.search import search_box
from cadenza_ui.shell import app_shell, nav_link, page_header, section, sidebar_section
from cadenza_ui.stats import stat_grid, stat_tile
from cadenza_ui.styles import CadenzaStylesPlugin, component_css, favicon_link, tokens_css
from cadenza_ui.tables import cell, column_header, data_table, pager, sort_header, toolbar
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
    "cell",
    "checkbox_field",
    "column_header",
    "component_css",
    "cover",
    "cover_card",
    "data_table",
    "dialog",
    "empty_state",
    "error_state",
    "favicon_link",
    "file_drop",
    "icon",
    "icon_button",
    "link",
    "loading_state",
    "nav_link",
    "page_header",
    "pager",
    "player_bar",
    "search_box",
    "section",
    "select_field",
    "sidebar_section",
    "sort_header",
    "stat_grid",
    "stat_tile",
    "text_field",
    "textarea_field",
    "tokens_css",
    "toolbar",
    "track_list",
    "track_row",
]
