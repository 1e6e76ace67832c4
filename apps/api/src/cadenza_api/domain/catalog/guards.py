"""Who may change what in the catalogue."""

from __future__ import annotations

from uuid import UUID

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


def overriding_admin(principal: Principal, owner_id: UUID | None) -> Principal | None:
    """`principal` if they change an artist profile owned by `owner_id` (or its releases) as
    an admin rather than as its owner, else None.

    This is the one rule for which public catalogue changes are admin actions, recorded in the
    audit log like those made through the admin routes; an owner's own changes are not.
    """
    if principal.is_admin and owner_id != principal.user.id:
        return principal
    return None
