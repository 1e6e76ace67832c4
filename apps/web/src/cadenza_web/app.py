"""Assembles the Reflex app: pages, the `<audio>` element around them, global settings."""

from __future__ import annotations

import reflex as rx

from cadenza_ui import favicon_link
from cadenza_web import pages
from cadenza_web.components.devices import device_link
from cadenza_web.components.player import audio_element

# Registered by importing them.
REGISTERED_PAGES = pages.__all__

app = rx.App(
    html_lang="en",
    head_components=[favicon_link()],
    # The audio element sits in the app's root, outside the pages, so that moving from page
    # to page never stops playback.
    extra_app_wraps={
        (3, "CadenzaAudio"): lambda stateful: rx.fragment(audio_element(), device_link())
    },
)
