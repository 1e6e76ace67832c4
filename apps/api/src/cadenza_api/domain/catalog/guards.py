"""Who may change what in the catalogue."""

from __future__ import annotations

from cadenza_api.db.models import Artist
from cadenza_api.domain.accounts.deps import Principal
from cadenza_api.errors import Forbidden
from cadenza_contracts.accounts import Role


def require_editor(principal: Principal) -> None:
    """Only artist users and admins edit the catalogue; listeners get a 403."""
    principal.require_role(Role.ARTIST)


def require_admin(principal: Principal) -> None:
    """Admin-only actions, such as editing genres."""
    if not principal.is_admin:
        raise Forbidden("This action needs the admin role.")


def ensure_owns(principal: Principal, artist: Artist) -> None:
    """Admins may change any artist's releases; artist users only those of the profile they own."""
    require_editor(principal)
    if principal.is_admin or artist.owner_id == principal.user.id:
        return
    raise Forbidden(f"You can only change the artist profile you own, not {artist.name!r}.")
