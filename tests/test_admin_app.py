"""The admin in a real browser: `cadenza up` (API only) and `cadenza-admin` as an operator
starts them, driven by Playwright on Debian's Chromium, controls found by role and name."""

from __future__ import annotations

import io
import math
import struct
import zlib
from collections.abc import Callable, Iterator
from fractions import Fraction

import av
import pytest
from playwright.sync_api import Browser, FilePayload, Locator, Page, expect

from cadenza_contracts import ApiError, CadenzaClient
from cadenza_contracts.catalog import ArtistCreate, TrackCreate
from tests.browser import (
    DESKTOP,
    AppStack,
    Tab,
    app_stack,
    chromium,
    open_tab,
    run_async,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]

PASSWORD = "correct horse battery"
# Two uploads whose tags name the same band twice over: the admin merges the duplicates.
UPLOADS = [
    ("first-tone.flac", "First Tone", "The Sines", 440.0),
    ("second-tone.flac", "Second Tone", "Sines, The", 550.0),
]
CONVERSION_TIMEOUT_MS = 180_000


def tagged_flac(title: str, artist: str, frequency: float, seconds: float = 4.0) -> bytes:
    """A FLAC file made with PyAV: a stereo sine, tagged with its title and artist."""
    rate = 44_100
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="flac") as container:
        container.metadata["title"] = title
        container.metadata["artist"] = artist
        stream = container.add_stream("flac", rate=rate, layout="stereo")
        stream.format = "s16"
        chunk = 4096
        for start in range(0, int(seconds * rate), chunk):
            samples = bytearray()
            for n in range(start, start + chunk):
                value = int(10_000 * math.sin(2 * math.pi * frequency * n / rate))
                samples += value.to_bytes(2, "little", signed=True) * 2
            frame = av.AudioFrame(format="s16", layout="stereo", samples=chunk)
            frame.planes[0].update(bytes(samples))
            frame.sample_rate = rate
            frame.pts = start
            frame.time_base = Fraction(1, rate)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


def png_cover(size: int = 64) -> bytes:
    """A small, valid PNG: a plain square in Cadenza's green."""
    row = b"\x00" + bytes((30, 185, 84)) * size
    pixels = zlib.compress(row * size)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# Module-scoped, so that its Chromium (Playwright's sync API: one at a time per thread) is
# closed before other browser tests start theirs.
@pytest.fixture(scope="module")
def admin_stack(
    require_service: Callable[[str], None], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppStack]:
    """The API with an admin and a listener, and `cadenza-admin`."""
    require_service("browser")

    def seed(stack: AppStack) -> None:
        stack.create_user("admin", "admin", PASSWORD)
        stack.create_user("lis", "listener", PASSWORD)

    with app_stack(tmp_path_factory.mktemp("admin"), "cadenza-admin", seed=seed) as stack:
        yield stack


@pytest.fixture(scope="module")
def browser(admin_stack: AppStack) -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def tab(browser: Browser, admin_stack: AppStack) -> Iterator[Tab]:
    """A fresh browser context (its own session) whose console must stay free of errors."""
    with open_tab(browser, admin_stack.app_url) as opened:
        yield opened


def sign_in(tab: Tab, username: str) -> None:
    tab.open("/login")
    tab.page.get_by_label("Username or email").fill(username)
    tab.page.get_by_label("Password").fill(PASSWORD)
    tab.page.get_by_role("button", name="Sign in").click()


def go_to(page: Page, link: str, heading: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()


def tick(scope: Page | Locator, name: str) -> None:
    """Tick a check box whose state the server holds (it shows ticked once it answers)."""
    box = scope.get_by_role("checkbox", name=name)
    box.click()
    expect(box).to_be_checked()


async def listener_token(api_url: str) -> str:
    """Register and sign in a listener; their access token."""
    async with CadenzaClient(api_url) as client:
        await client.register("bob", "bob@example.com", PASSWORD)
        await client.login("bob", PASSWORD)
        await client.me()
        assert client.access_token is not None
        return client.access_token


async def status_of_call_with(api_url: str, access_token: str) -> int:
    async with CadenzaClient(api_url) as client:
        client.access_token = access_token
        try:
            await client.me()
        except ApiError as error:
            return error.status
    return 200


async def login_status(api_url: str, username: str, password: str) -> int:
    async with CadenzaClient(api_url) as client:
        try:
            await client.login(username, password)
        except ApiError as error:
            return error.status
    return 200


def upload_and_convert(page: Page) -> None:
    files: list[FilePayload] = [
        {"name": name, "mimeType": "audio/flac", "buffer": tagged_flac(title, artist, hz)}
        for name, title, artist, hz in UPLOADS
    ]
    # The drop zone's file input (what a drop or the chooser fills).
    page.locator("#audio-files input[type=file]").set_input_files(files)
    expect(page.get_by_text("Chosen: first-tone.flac, second-tone.flac")).to_be_visible()
    page.get_by_role("button", name="Upload", exact=True).click()
    uploads = page.get_by_role("table", name="Uploads")
    for name, *_ in UPLOADS:
        row = uploads.get_by_role("row").filter(has_text=name)
        expect(row).to_contain_text("Ready", timeout=CONVERSION_TIMEOUT_MS)
        expect(row.get_by_role("progressbar", name=f"Progress of {name}")).to_have_attribute(
            "value", "100"
        )
    jobs = page.get_by_role("table", name="Jobs")
    for _, title, *_ in UPLOADS:
        row = jobs.get_by_role("row").filter(has_text=title)
        expect(row).to_contain_text("complete")
        # The percentage stays beside its bar, on the bar's line.
        bar = row.get_by_role("progressbar", name=f"Progress of {title}").bounding_box()
        figure = row.get_by_text("100%", exact=True).bounding_box()
        assert bar is not None and figure is not None
        assert figure["x"] >= bar["x"] + bar["width"], f"{title}: 100% is not beside its bar"
        assert figure["y"] < bar["y"] + bar["height"] and bar["y"] < figure["y"] + figure["height"]


def test_admin_uploads_edits_merges_disables_and_audits(tab: Tab, admin_stack: AppStack) -> None:
    page = tab.page
    sign_in(tab, "admin")
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()

    # Two generated audio files, dropped at once; both jobs reach `ready` live.
    go_to(page, "Uploads & jobs", "Uploads and jobs")
    upload_and_convert(page)
    admin_stack.save_screenshot(tab.page, "admin-jobs")

    # Edit a track's title; the catalogue table shows it.
    go_to(page, "Tracks", "Tracks")
    tracks = page.get_by_role("table", name="Tracks")
    expect(tracks.get_by_role("row")).to_have_count(3)
    page.get_by_role("button", name="Edit First Tone").click()
    dialog = page.get_by_role("dialog", name="Edit First Tone")
    dialog.get_by_label("Title").fill("First Tone (Remastered)")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    expect(tracks.get_by_role("cell", name="First Tone (Remastered)", exact=True)).to_be_visible()
    admin_stack.save_screenshot(tab.page, "admin-catalogue")

    # Merge the duplicate artist into the other: its track moves, it goes.
    go_to(page, "Artists", "Artists")
    artists = page.get_by_role("table", name="Artists")
    expect(artists.get_by_role("row")).to_have_count(3)
    page.get_by_role("button", name="Merge Sines, The").click()
    dialog = page.get_by_role("dialog", name="Merge Sines, The")
    dialog.get_by_label("Merge into").select_option(label="The Sines")
    dialog.get_by_role("button", name="Merge").click()
    expect(page.get_by_role("status").filter(has_text="Merged")).to_contain_text(
        "Merged “Sines, The” into “The Sines”."
    )
    expect(artists.get_by_role("row")).to_have_count(2)
    merged = artists.get_by_role("row").filter(has_text="The Sines")
    expect(merged.get_by_role("cell").nth(3)).to_have_text("2")

    # Disable a listener: their next API call is refused.
    token = run_async(listener_token(admin_stack.api_url))
    go_to(page, "Users", "Users")
    users = page.get_by_role("table", name="Users")
    bob = users.get_by_role("row").filter(has_text="bob@example.com")
    bob.get_by_role("button", name="Disable bob").click()
    expect(bob).to_contain_text("Disabled")
    expect(bob.get_by_role("button", name="Enable bob")).to_be_visible()
    assert run_async(status_of_call_with(admin_stack.api_url, token)) == 401

    # Enabled again, made an artist, and given a temporary password, shown once.
    bob.get_by_role("button", name="Enable bob").click()
    expect(bob.get_by_role("button", name="Disable bob")).to_be_visible()
    bob.get_by_label("Role of bob").select_option("artist")
    expect(page.get_by_role("status").filter(has_text="bob is now")).to_have_text(
        "bob is now an artist."
    )
    bob.get_by_role("button", name="Reset the password of bob").click()
    dialog = page.get_by_role("dialog", name="Reset the password of bob")
    dialog.get_by_role("button", name="Reset password").click()
    temporary = dialog.get_by_label("Temporary password")
    expect(temporary).not_to_be_empty()
    assert run_async(login_status(admin_stack.api_url, "bob", temporary.inner_text())) == 200
    dialog.get_by_role("button", name="Done").click()
    expect(page.get_by_label("Temporary password")).to_have_count(0)

    # Each action is in the audit log, with what it changed.
    go_to(page, "Audit log", "Audit log")
    audit = page.get_by_role("table", name="Audit log")
    for action, what in (
        ("track.upload", "First Tone"),
        ("track.upload", "Second Tone"),
        ("track.update", "First Tone (Remastered)"),
        ("artist.merge", "The Sines"),
        ("user.disable", "bob"),
        ("user.enable", "bob"),
        ("user.update", "bob"),
        ("user.password_reset", "bob"),
    ):
        expect(
            audit.get_by_role("row").filter(has_text=action).filter(has_text=what).first
        ).to_be_visible()
    page.get_by_label("Action").select_option("track.update")
    page.get_by_role("button", name="Filter").click()
    expect(audit.get_by_role("row")).to_have_count(2)
    edit = audit.get_by_role("row").nth(1)
    edit.get_by_text("Before and after").click()
    expect(edit).to_contain_text('"title": "First Tone"')
    expect(edit).to_contain_text('"title": "First Tone (Remastered)"')

    # The dashboard counts what is there now.
    go_to(page, "Dashboard", "Dashboard")
    for figure, value in (("Users", "3"), ("Artists", "1"), ("Tracks", "2"), ("Failed jobs", "0")):
        expect(page.get_by_role("group", name=figure, exact=True)).to_contain_text(value)
    expect(page.get_by_role("group", name="Originals")).to_contain_text("in 2 files")
    expect(page.get_by_role("img", name="Plays per day over the last 30 days")).to_be_visible()
    admin_stack.save_screenshot(tab.page, "admin-dashboard")


async def seed_band(api_url: str) -> None:
    """An artist with two tracks that have no audio yet (metadata only)."""
    async with CadenzaClient(api_url) as admin:
        await admin.login("admin", PASSWORD)
        band = await admin.create_artist(ArtistCreate(name="Bulk Band"))
        for title in ("Bulk One", "Bulk Two"):
            await admin.create_track(TrackCreate(title=title, artist_id=band.id))


def test_album_bulk_actions_and_delete_confirmation(tab: Tab, admin_stack: AppStack) -> None:
    run_async(seed_band(admin_stack.api_url))
    page = tab.page
    sign_in(tab, "admin")
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()

    # A new album for the band.
    go_to(page, "Albums", "Albums")
    page.get_by_role("button", name="New album").click()
    dialog = page.get_by_role("dialog", name="New album")
    dialog.get_by_label("Title").fill("Bulk Album")
    dialog.get_by_label("Artist").select_option(label="Bulk Band")
    dialog.get_by_label("Release date").fill("2024-02-29")
    cover: FilePayload = {"name": "cover.png", "mimeType": "image/png", "buffer": png_cover()}
    dialog.locator("#album-cover input[type=file]").set_input_files(cover)
    expect(dialog.get_by_text("Chosen: cover.png")).to_be_visible()
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    albums = page.get_by_role("table", name="Albums")
    album = albums.get_by_role("row").filter(has_text="Bulk Album")
    expect(album).to_contain_text("2024-02-29")
    expect(album.get_by_role("cell").nth(5)).to_have_text("Yes")

    # Both tracks selected: moved to the album, then given a genre, in two bulk actions.
    go_to(page, "Tracks", "Tracks")
    page.get_by_role("searchbox", name="Search tracks").fill("bulk")
    tracks = page.get_by_role("table", name="Tracks")
    expect(tracks.get_by_role("row")).to_have_count(3)
    for title in ("Bulk One", "Bulk Two"):
        tick(page, f"Select {title}")
    bulk = page.get_by_role("group", name="Bulk actions")
    expect(bulk).to_contain_text("2 tracks selected")
    bulk.get_by_role("button", name="Move to album").click()
    dialog = page.get_by_role("dialog", name="Move to an album")
    dialog.get_by_label("Album").select_option(label="Bulk Album — Bulk Band")
    dialog.get_by_role("button", name="Move").click()
    expect(page.get_by_role("status").filter(has_text="Moved")).to_have_text("Moved: 2 tracks.")
    for title in ("Bulk One", "Bulk Two"):
        expect(tracks.get_by_role("row").filter(has_text=title)).to_contain_text("Bulk Album")
        tick(page, f"Select {title}")
    page.get_by_role("group", name="Bulk actions").get_by_role(
        "button", name="Change genre"
    ).click()
    dialog = page.get_by_role("dialog", name="Change the genre")
    dialog.get_by_label("New genre").fill("Ambient")
    dialog.get_by_role("button", name="Set genre").click()
    expect(page.get_by_role("status").filter(has_text="Genre set")).to_have_text(
        "Genre set: 2 tracks."
    )
    expect(tracks.get_by_role("cell", name="Ambient", exact=True)).to_have_count(2)

    # Deleting the album says what goes with it, with or without its tracks.
    go_to(page, "Albums", "Albums")
    page.get_by_role("button", name="Delete Bulk Album").click()
    dialog = page.get_by_role("dialog", name="Delete Bulk Album")
    expect(dialog).to_contain_text("Its 2 tracks stay, as singles.")
    tick(dialog, "Delete its tracks too")
    expect(dialog).to_contain_text("This also deletes 2 tracks.")
    dialog.get_by_role("button", name="Delete", exact=True).click()
    expect(dialog).to_be_hidden()
    expect(albums.get_by_role("row").filter(has_text="Bulk Album")).to_have_count(0)
    go_to(page, "Tracks", "Tracks")
    page.get_by_role("searchbox", name="Search tracks").fill("bulk")
    expect(page.get_by_role("status").filter(has_text="None found")).to_be_visible()


def test_a_failed_conversion_says_why(tab: Tab, admin_stack: AppStack) -> None:
    page = tab.page
    sign_in(tab, "admin")
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    go_to(page, "Uploads & jobs", "Uploads and jobs")
    # Cut off halfway: it reads as FLAC, but its last packet is corrupt.
    whole = tagged_flac("Broken Tone", "The Sines", 330.0)
    broken: FilePayload = {
        "name": "broken.flac",
        "mimeType": "audio/flac",
        "buffer": whole[: len(whole) // 2],
    }
    page.locator("#audio-files input[type=file]").set_input_files(broken)
    page.get_by_role("button", name="Upload", exact=True).click()
    upload = (
        page.get_by_role("table", name="Uploads").get_by_role("row").filter(has_text="broken.flac")
    )
    expect(upload).to_contain_text("failed", timeout=CONVERSION_TIMEOUT_MS)

    page.get_by_label("State").select_option("failed")
    jobs = page.get_by_role("table", name="Jobs")
    failed = jobs.get_by_role("row").filter(has_text="Broken Tone")
    expect(failed).to_have_count(1)
    reason = failed.get_by_role("cell").nth(5)
    expect(reason).not_to_be_empty()
    # The upload's row gives the same reason as the job.
    expect(upload).to_contain_text(reason.inner_text())
    expect(failed.get_by_role("cell").nth(4)).to_have_text("1")
    # Its original was discarded as unreadable: the retry is refused, and the page says why.
    failed.get_by_role("button", name="Retry Broken Tone").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The original file was discarded as unreadable; upload it again."
    )
    expect(failed.get_by_role("cell").nth(4)).to_have_text("1")


def test_a_listener_is_refused(tab: Tab, admin_stack: AppStack) -> None:
    page = tab.page
    sign_in(tab, "lis")
    expect(page.get_by_role("heading", name="Not allowed", level=1)).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(
        "You are signed in as lis (listener). Only administrators may use the Cadenza admin."
    )
    # No admin page opens for them, whatever the address.
    tab.open("/users")
    expect(page.get_by_role("heading", name="Not allowed", level=1)).to_be_visible()
    expect(page.get_by_role("table", name="Users")).to_have_count(0)

    # The API refuses them as well.
    async def listener_asks_for_stats() -> int:
        async with CadenzaClient(admin_stack.api_url) as client:
            await client.login("lis", PASSWORD)
            try:
                await client.admin.stats()
            except ApiError as error:
                return error.status
        return 200

    assert run_async(listener_asks_for_stats()) == 403


def test_the_sidebar_fills_the_window_and_marks_the_current_page(tab: Tab) -> None:
    page = tab.page
    sign_in(tab, "admin")
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    expect(page.get_by_text("Signed in as admin · updated")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Dashboard")).to_have_attribute("aria-current", "page")
    # No player bar in the admin: nothing is kept free for one under the sidebar.
    sidebar = nav.bounding_box()
    assert sidebar is not None
    assert sidebar["height"] == DESKTOP["height"]

    go_to(page, "Tracks", "Tracks")
    expect(nav.get_by_role("link", name="Tracks")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="Dashboard")).to_have_attribute("aria-current", "false")
