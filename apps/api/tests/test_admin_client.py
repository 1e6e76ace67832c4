"""The contracts client's `admin` routes decode every admin answer into its typed struct."""

from __future__ import annotations

import array
import io
import math
import wave
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image

from cadenza_contracts import ApiError, CadenzaClient
from cadenza_contracts.accounts import Role
from cadenza_contracts.admin import (
    AdminStats,
    AdminUserUpdate,
    AuditAction,
    BulkSetGenre,
)
from cadenza_contracts.catalog import AlbumCreate, AlbumUpdate, ArtistCreate, TrackUpdate
from cadenza_contracts.media import JobState

PASSWORD = "correct horse battery"


def wav_bytes(seconds: float = 1.0, rate: int = 22_050) -> bytes:
    samples = array.array(
        "h",
        (int(9_000 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(int(seconds * rate))),
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())
    return buffer.getvalue()


def png_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 40), (10, 120, 200)).save(output, format="PNG")
    return output.getvalue()


async def test_the_admin_client_round_trips_every_area(
    client: AsyncTestClient[Litestar], make_account: Any
) -> None:
    admin_account = await make_account(Role.ADMIN)
    listener = await make_account(Role.LISTENER, username="lena")
    api = CadenzaClient(http=client, access_token=admin_account.token)
    admin = api.admin

    stats = await admin.stats()
    assert isinstance(stats, AdminStats) and stats.counts.users == 2

    uploaded = await admin.upload_track(
        wav_bytes(), filename="a.wav", content_type="audio/wav", title="Typed", artist_name="Dup"
    )
    assert uploaded.track.title == "Typed" and uploaded.track.artist_name == "Dup"
    job_page = await admin.list_jobs(limit=5)
    assert job_page.items[0].id == uploaded.job_id
    assert job_page.items[0].track_title == "Typed"
    assert (await admin.list_jobs(state=JobState.FAILED)).total == 0

    duplicate = (await admin.create_artist(ArtistCreate(name="dup"))).id
    album = (await admin.create_album(AlbumCreate(title="Album", artist_id=duplicate))).id
    artists = await admin.list_artists(q="dup", sort="createdAt")
    assert [a.name for a in artists.items] == ["Dup", "dup"]
    impact = await admin.artist_delete_impact(duplicate)
    assert (impact.albums, impact.tracks) == (1, 0)
    merged = await admin.merge_artists(duplicate, uploaded.track.artist_id)
    assert (merged.album_count, merged.track_count) == (1, 1)

    renamed = await admin.update_track(uploaded.track.id, TrackUpdate(title="Retitled"))
    assert renamed.title == "Retitled"
    result = await admin.bulk_tracks(BulkSetGenre(track_ids=[renamed.id], genre="Drone"))
    assert (result.action, result.affected) == ("setGenre", 1)
    assert (await admin.list_tracks(genre="drone")).items[0].title == "Retitled"
    covered = await admin.set_album_cover(album, png_bytes(), content_type="image/png")
    assert covered.has_cover
    assert (await admin.update_album(album, AlbumUpdate(title="Renamed"))).title == "Renamed"
    assert (await admin.album_delete_impact(album)).tracks == 0
    await admin.delete_album(album)
    assert (await admin.list_albums(artist_id=merged.id)).total == 0

    users = await admin.list_users(role=Role.LISTENER)
    assert [u.username for u in users.items] == ["lena"]
    updated = await admin.update_user(UUID(listener.id), AdminUserUpdate(is_active=False))
    assert updated.is_active is False
    assert (await admin.revoke_user_sessions(UUID(listener.id))).revoked == 0
    temporary = await admin.reset_password(UUID(listener.id))
    assert len(temporary.temporary_password) >= 10

    log = await admin.audit(actor=admin_account.username, limit=100)
    actions = {entry.action for entry in log.items}
    assert {
        AuditAction.TRACK_UPLOAD,
        AuditAction.ARTIST_CREATE,
        AuditAction.ALBUM_CREATE,
        AuditAction.ARTIST_MERGE,
        AuditAction.TRACK_UPDATE,
        AuditAction.ALBUM_COVER,
        AuditAction.ALBUM_UPDATE,
        AuditAction.ALBUM_DELETE,
        AuditAction.USER_DISABLE,
        AuditAction.USER_REVOKE_SESSIONS,
        AuditAction.USER_PASSWORD_RESET,
    } <= actions
    assert (await admin.audit(target_id=album, action="album.delete")).total == 1

    with pytest.raises(ApiError) as refused:
        await admin.update_user(UUID(admin_account.id), AdminUserUpdate(role=Role.LISTENER))
    assert refused.value.status == 409
    api.access_token = listener.token
    with pytest.raises(ApiError) as forbidden:
        await api.admin.stats()
    assert forbidden.value.status == 401  # disabled above
