"""`@event` and `@background`: Reflex's `rx.event`, typed for mypy (shared with the admin:
`cadenza_ui.events`)."""

from cadenza_ui.events import background, event

__all__ = ["background", "event"]
