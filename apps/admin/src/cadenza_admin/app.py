"""Assembles the admin's Reflex app."""

from __future__ import annotations

import reflex as rx

from cadenza_admin import pages
from cadenza_ui import favicon_link

# Registered by importing them.
REGISTERED_PAGES = pages.__all__

app = rx.App(html_lang="en", head_components=[favicon_link()])
