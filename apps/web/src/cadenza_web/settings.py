"""Where the web player finds the API (shared with the admin: `cadenza_ui.settings`)."""

from cadenza_ui.settings import DEFAULT_API_URL, absolute_api_url, api_base_url, public_api_url

__all__ = ["DEFAULT_API_URL", "absolute_api_url", "api_base_url", "public_api_url"]
