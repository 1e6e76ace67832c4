"""The web player in a real browser: `cadenza up` and `cadenza-web` as a user starts them,
driven by Playwright on Debian's Chromium, with elements found by role and accessible name."""

from __future__ import annotations

import array
import asyncio
import io
import math
import re
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from cadenza_contracts import ApiError, CadenzaClient
from cadenza_contracts.accounts import SessionInfo
from cadenza_contracts.admin import AdminUserUpdate
from cadenza_contracts.media import Job, JobState
from cadenza_contracts.playlists import PlaylistCreate
from cadenza_web.api import REFRESH_MARGIN_SECONDS
from tests.browser import (
    AUDIO,
    DESKTOP,
    MOBILE,
    AppStack,
    Tab,
    app_stack,
    chromium,
    open_tab,
    run_async,
)

# A cold first build installs npm packages: give the first test more than the default time.
pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]

PASSWORD = "correct horse battery"
ALBUM = "Test Tones"
ARTIST = "Sine Ensemble"
TRACKS = [("First Tone", 440.0), ("Second Tone", 550.0), ("Third Tone", 660.0)]
TRACK_SECONDS = 12
ACCESS_TOKEN_TTL = int(REFRESH_MARGIN_SECONDS) + 2


def wav_bytes(seconds: float, frequency: float, rate: int = 44_100) -> bytes:
    """A stereo 16-bit WAV: a sine on the left, a fifth above on the right."""
    samples = array.array("h")
    for n in range(int(seconds * rate)):
        t = n / rate
        samples.append(int(12_000 * math.sin(2 * math.pi * frequency * t)))
        samples.append(int(12_000 * math.sin(2 * math.pi * frequency * 1.5 * t)))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())
    return buffer.getvalue()


async def upload_album(api_url: str) -> None:
    """Upload the test album as the admin and wait for every conversion."""
    async with CadenzaClient(api_url) as admin:
        await admin.login("admin", PASSWORD)
        headers = {"Authorization": f"Bearer {admin.access_token}"}
        job_ids = []
        for number, (title, frequency) in enumerate(TRACKS, start=1):
            response = await admin.http.post(
                "/api/v1/tracks/upload",
                headers=headers,
                files={"file": (f"{number}.wav", wav_bytes(TRACK_SECONDS, frequency), "audio/wav")},
                data={
                    "title": title,
                    "artistName": ARTIST,
                    "albumTitle": ALBUM,
                    "trackNumber": str(number),
                },
            )
            assert response.status_code == 201, response.text
            job_ids.append(response.json()["jobId"])
        for job_id in job_ids:
            deadline = time.monotonic() + 120
            while True:
                job = await admin.request("GET", f"/jobs/{job_id}", Job)
                if job.state in (JobState.COMPLETE, JobState.FAILED):
                    assert job.state == JobState.COMPLETE, job.error
                    break
                assert time.monotonic() < deadline, f"conversion job {job_id} is stuck"
                await asyncio.sleep(0.25)


@pytest.fixture(scope="session")
def web_stack(
    require_service: Callable[[str], None], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppStack]:
    """The API seeded with an admin and a converted album, and `cadenza-web`."""
    require_service("browser")

    def seed(stack: AppStack) -> None:
        stack.create_user("admin", "admin", PASSWORD)
        run_async(upload_album(stack.api_url))

    with app_stack(
        tmp_path_factory.mktemp("web"),
        "cadenza-web",
        # Access tokens that are due for renewal a few seconds after each sign-in: the web
        # player refreshes them (one refresh at a time per tab) throughout the tests.
        api_settings={"CADENZA_ACCESS_TOKEN_TTL": str(ACCESS_TOKEN_TTL)},
        seed=seed,
    ) as stack:
        yield stack


@pytest.fixture(scope="module")
def browser(web_stack: AppStack) -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def tab(browser: Browser, web_stack: AppStack) -> Iterator[Tab]:
    """A fresh browser context (its own session) whose console must stay free of errors."""
    with open_tab(browser, web_stack.app_url) as opened:
        yield opened


def sign_in(tab: Tab, username: str) -> None:
    tab.open("/login")
    tab.page.get_by_label("Username or email").fill(username)
    tab.page.get_by_label("Password").fill(PASSWORD)
    tab.page.get_by_role("button", name="Sign in").click()
    expect(tab.page.get_by_role("heading", name="Home", level=1)).to_be_visible()


def test_register_sign_in_play_like_and_collect(tab: Tab, web_stack: AppStack) -> None:
    page = tab.page

    # Registration shows the API's validation errors next to the field they concern.
    tab.open("/register")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Email").fill("ada@example.com")
    password = page.get_by_label("Password")
    password.fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Use at least 10 characters.")).to_be_visible()
    expect(password).to_have_attribute("aria-invalid", "true")
    password.fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    # ... then sends the new user to sign in.
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("ada")
    expect(page.get_by_label("Username or email")).to_have_value("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Home", level=1)).to_be_visible()

    # Search as you type, results grouped by kind.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_role("searchbox", name="Search").fill("tone")
    expect(page.get_by_role("heading", name="Songs")).to_be_visible()
    expect(page.get_by_role("list", name="Songs")).to_contain_text("Second Tone")
    page.get_by_role("list", name="Albums").get_by_role("link", name=ALBUM).click()

    # The album page; playing a track fills the player bar and the audio element plays.
    expect(page.get_by_role("heading", name=ALBUM, level=1)).to_be_visible()
    tracks = page.get_by_role("list", name="Tracks")
    expect(tracks.get_by_role("listitem")).to_have_count(3)
    page.get_by_role("button", name="Play First Tone").click()
    player = page.get_by_role("region", name="Player")
    expect(player).to_contain_text("First Tone")
    page.wait_for_function(f"{AUDIO} && {AUDIO}.currentTime > 2", timeout=20_000)
    expect(player.get_by_role("button", name="Pause")).to_be_visible()
    # The browser streams straight from the API, with a signed URL.
    source = str(tab.audio("src"))
    assert source.startswith(f"{web_stack.api_url}/api/v1/tracks/"), source
    assert "signature=" in source
    assert "format=opus" in source

    # Seek by clicking three quarters along the seek bar.
    seek = player.get_by_role("slider", name="Seek")
    box = seek.bounding_box()
    assert box is not None
    seek.click(position={"x": box["width"] * 0.75, "y": box["height"] / 2})
    page.wait_for_function(f"{AUDIO}.currentTime > 7", timeout=10_000)

    # Next, then let the track run out: the player moves on by itself.
    player.get_by_role("button", name="Next", exact=True).click()
    expect(player).to_contain_text("Second Tone")
    page.wait_for_function(
        f"{AUDIO}.currentTime > 0.2 && {AUDIO}.currentTime < 6 && !{AUDIO}.paused",
        timeout=10_000,
    )
    seek.click(position={"x": box["width"] - 1, "y": box["height"] / 2})
    expect(player).to_contain_text("Third Tone", timeout=15_000)
    page.wait_for_function(f"!{AUDIO}.paused && {AUDIO}.currentTime > 0.2", timeout=10_000)

    # Pause and resume.
    player.get_by_role("button", name="Pause").click()
    expect(player.get_by_role("button", name="Play", exact=True)).to_be_visible()
    assert tab.audio("paused") is True
    player.get_by_role("button", name="Play", exact=True).click()
    expect(player.get_by_role("button", name="Pause")).to_be_visible()

    # Like what is playing: the bar and the track's row agree.
    like = player.get_by_role("button", name="Like", exact=True)
    expect(like).to_have_attribute("aria-pressed", "false")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Like Third Tone")).to_have_attribute(
        "aria-pressed", "true"
    )

    # Add a track to a new playlist from its row.
    page.get_by_role("button", name="Add First Tone to a playlist").click()
    dialog = page.get_by_role("dialog", name="Add “First Tone” to a playlist")
    dialog.get_by_label("New playlist name").fill("Road trip")
    dialog.get_by_role("button", name="Create and add").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("status").filter(has_text="Road trip")).to_be_visible()

    # After a reload the playlist and the like are still there.
    page.reload()
    expect(page.get_by_role("heading", name=ALBUM, level=1)).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Road trip").click()
    expect(page.get_by_role("heading", name="Road trip", level=1)).to_be_visible()
    expect(page.get_by_role("list", name="Tracks")).to_contain_text("First Tone")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Liked songs").click()
    expect(page.get_by_role("list", name="Liked songs")).to_contain_text("Third Tone")
    # A reload leaves the last track in the bar, paused, ready to resume.
    expect(player).to_contain_text("Third Tone")
    expect(player.get_by_role("button", name="Play", exact=True)).to_be_visible()


async def prepare_listener(api_url: str, username: str) -> str:
    """A listener with one playlist holding the album; returns the playlist's id."""
    async with CadenzaClient(api_url) as api:
        await api.register(username, f"{username}@example.com", PASSWORD)
        await api.login(username, PASSWORD)
        results = await api.search(ALBUM)
        album = results.albums[0]
        tracks = await api.album_tracks(album.id)
        playlist = await api.create_playlist(PlaylistCreate(name="Evening", is_public=False))
        await api.add_playlist_tracks(playlist.id, [track.id for track in tracks.items])
        return str(playlist.id)


def test_pages_fit_desktop_and_mobile(tab: Tab, web_stack: AppStack) -> None:
    playlist_id = run_async(prepare_listener(web_stack.api_url, "grace"))
    page = tab.page
    sign_in(tab, "grace")

    album_link = page.get_by_role("list", name="Recently added albums").get_by_role(
        "link", name=ALBUM
    )
    album_href = album_link.get_attribute("href")
    assert album_href is not None and album_href.startswith("/album/")

    def search_for_tone() -> None:
        page.get_by_role("searchbox", name="Search").fill("tone")
        expect(page.get_by_role("list", name="Songs")).to_contain_text("Third Tone")

    def album_actions_sit_evenly() -> None:
        # The like/artist row sits as far from the track list as from the header: no band.
        main = page.get_by_role("main")
        tracks = main.get_by_role("list", name="Tracks")
        expect(tracks).to_be_visible()
        header = main.locator("header").bounding_box()
        actions = main.get_by_role("button", name="Like", exact=True).locator("..").bounding_box()
        listed = tracks.bounding_box()
        assert header is not None and actions is not None and listed is not None
        above = actions["y"] - (header["y"] + header["height"])
        below = listed["y"] - (actions["y"] + actions["height"])
        assert abs(below - above) <= 1, f"{below}px under the album's actions, {above}px above"

    views: list[tuple[str, str, str, Callable[[], None] | None]] = [
        ("home", "/", "Home", None),
        ("album", album_href, ALBUM, album_actions_sit_evenly),
        ("search", "/search", "Search", search_for_tone),
        ("playlist", f"/playlist/{playlist_id}", "Evening", None),
    ]
    for size_name, viewport in (("desktop", DESKTOP), ("mobile", MOBILE)):
        page.set_viewport_size(viewport)
        for name, path, heading, interact in views:
            tab.open(path)
            expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
            if interact is not None:
                interact()
            expect(page.get_by_role("status").filter(has_text="Loading")).to_have_count(0)
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on {size_name}"
            web_stack.save_screenshot(tab.page, f"{name}-{size_name}")


def test_queue_repeat_and_keyboard(tab: Tab, web_stack: AppStack) -> None:
    run_async(prepare_listener(web_stack.api_url, "linus"))
    page = tab.page
    sign_in(tab, "linus")
    page.get_by_role("list", name="Recently added albums").get_by_role("link", name=ALBUM).click()
    expect(page.get_by_role("heading", name=ALBUM, level=1)).to_be_visible()
    page.get_by_role("button", name="Play Second Tone").click()
    player = page.get_by_role("region", name="Player")
    page.wait_for_function(f"{AUDIO} && !{AUDIO}.paused && {AUDIO}.currentTime > 0.5")

    # The queue lists the album, the playing track marked; choosing one plays it.
    player.get_by_role("button", name="Queue", exact=True).click()
    queue = page.get_by_role("list", name="Queue")
    expect(queue.get_by_role("button")).to_have_count(3)
    expect(queue.get_by_role("button", name="Second Tone")).to_have_attribute(
        "aria-current", "true"
    )
    queue.get_by_role("button", name="Third Tone").click()
    expect(player).to_contain_text("Third Tone")
    expect(queue.get_by_role("button", name="Third Tone")).to_have_attribute("aria-current", "true")
    page.get_by_role("button", name="Close queue").click()
    expect(queue).to_be_hidden()

    # Repeat all: "Next" after the last track goes round to the first.
    repeat = player.get_by_role("button", name="Repeat")
    repeat.click()
    expect(repeat).to_have_attribute("aria-pressed", "true")
    expect(repeat).to_have_attribute("title", "Repeat: all")
    player.get_by_role("button", name="Next", exact=True).click()
    expect(player).to_contain_text("First Tone")

    # Keyboard: Space pauses and resumes, Shift+N skips, arrows seek (focus on no control).
    page.wait_for_function(f"!{AUDIO}.paused && {AUDIO}.currentTime > 0.5")
    page.locator("h1").click()
    page.keyboard.press("Space")
    expect(player.get_by_role("button", name="Play", exact=True)).to_be_visible()
    assert tab.audio("paused") is True
    page.keyboard.press("Space")
    expect(player.get_by_role("button", name="Pause")).to_be_visible()
    page.keyboard.press("Shift+N")
    expect(player).to_contain_text("Second Tone")
    page.wait_for_function(f"!{AUDIO}.paused && {AUDIO}.currentTime > 0.5")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"{AUDIO}.currentTime > 5")

    # Shuffle keeps the playing track and all the others.
    shuffle = player.get_by_role("button", name="Shuffle")
    shuffle.click()
    expect(shuffle).to_have_attribute("aria-pressed", "true")
    player.get_by_role("button", name="Queue", exact=True).click()
    expect(queue.get_by_role("button")).to_have_count(3)
    expect(queue.get_by_role("button").first).to_contain_text("Second Tone")


def test_artist_uploads_a_track(tab: Tab, tmp_path: Path) -> None:
    song = tmp_path / "fourth.wav"
    song.write_bytes(wav_bytes(4, 880.0))
    page = tab.page
    sign_in(tab, "admin")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Upload").click()
    expect(page.get_by_role("heading", name="Upload", level=1)).to_be_visible()
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Choose a file").click()
    chooser.value.set_files(song)
    expect(page.get_by_text("Chosen: fourth.wav")).to_be_visible()
    page.get_by_label("Title").fill("Fourth Tone")
    page.get_by_label("Artist").fill(ARTIST)
    page.get_by_label("Album").fill("Uploads")
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_text("“Fourth Tone” is ready to play.")).to_be_visible(timeout=90_000)
    page.get_by_role("link", name="Open the album").click()
    expect(page.get_by_role("heading", name="Uploads", level=1)).to_be_visible()
    page.get_by_role("button", name="Play Fourth Tone").click()
    page.wait_for_function(f"{AUDIO} && !{AUDIO}.paused && {AUDIO}.currentTime > 0.5")


def test_listeners_cannot_upload(tab: Tab, web_stack: AppStack) -> None:
    run_async(prepare_listener(web_stack.api_url, "mary"))
    sign_in(tab, "mary")
    main_nav = tab.page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="Home")).to_be_visible()
    expect(main_nav.get_by_role("link", name="Upload")).to_have_count(0)
    tab.open("/upload")
    expect(tab.page.get_by_text("Uploads are for artists")).to_be_visible()

    # Signing out forgets the sign-in: signed-in pages lead back to the login form.
    main_nav.get_by_role("button", name="Sign out").click()
    expect(tab.page.get_by_role("heading", name="Sign in")).to_be_visible()
    tab.open("/liked")
    expect(tab.page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_signed_out_visitors_go_to_sign_in(tab: Tab) -> None:
    tab.open("/liked")
    expect(tab.page.get_by_role("heading", name="Sign in")).to_be_visible()
    tab.page.get_by_label("Username or email").fill("nobody")
    tab.page.get_by_label("Password").fill("wrong password")
    tab.page.get_by_role("button", name="Sign in").click()
    expect(tab.page.get_by_role("alert")).to_contain_text("Wrong username or password")


def open_album(tab: Tab) -> None:
    tab.page.get_by_role("list", name="Recently added albums").get_by_role(
        "link", name=ALBUM
    ).click()
    expect(tab.page.get_by_role("heading", name=ALBUM, level=1)).to_be_visible()


def test_remote_control_between_two_tabs(browser: Browser, web_stack: AppStack) -> None:
    run_async(prepare_listener(web_stack.api_url, "hedy"))
    with open_tab(browser, web_stack.app_url) as there:
        with open_tab(browser, web_stack.app_url) as here:
            sign_in(here, "hedy")
            sign_in(there, "hedy")

            # The other tab's device picker lists both tabs, this one marked.
            there.page.get_by_role("region", name="Player").get_by_role(
                "button", name="Devices"
            ).click()
            picker = there.page.get_by_role("complementary", name="Devices")
            devices = picker.get_by_role("list", name="Your devices")
            expect(devices.get_by_role("listitem")).to_have_count(2)
            expect(devices.get_by_role("listitem", name="This browser")).to_be_visible()
            playing_tab = devices.get_by_role("listitem", name=re.compile(r"^Web player · "))
            expect(playing_tab).to_contain_text("Chrome on Linux")

            # This tab plays; the other one's bar follows it.
            open_album(here)
            here.page.get_by_role("button", name="Play First Tone").click()
            here.page.wait_for_function(f"{AUDIO} && !{AUDIO}.paused && {AUDIO}.currentTime > 1")
            remote_bar = there.page.get_by_role("region", name="Player")
            expect(remote_bar).to_contain_text("First Tone")
            expect(remote_bar).to_contain_text("on Web player")
            expect(playing_tab).to_have_attribute("aria-current", "true")
            expect(remote_bar.get_by_role("button", name="Pause")).to_be_visible()
            assert there.audio("src") is None

            # Pause from the picker: the playing tab's audio pauses and both bars say so.
            playing_tab.get_by_role("button", name="Pause").click()
            here.page.wait_for_function(f"{AUDIO}.paused")
            local_bar = here.page.get_by_role("region", name="Player")
            expect(local_bar.get_by_role("button", name="Play", exact=True)).to_be_visible()
            expect(remote_bar.get_by_role("button", name="Play", exact=True)).to_be_visible()
            paused_at = float(str(here.audio("currentTime")))

            # Play from the other tab's bar resumes it where it was.
            remote_bar.get_by_role("button", name="Play", exact=True).click()
            here.page.wait_for_function(
                f"!{AUDIO}.paused && {AUDIO}.currentTime > {paused_at + 0.5}"
            )
            expect(remote_bar.get_by_role("button", name="Pause")).to_be_visible()

            # Seek from the other tab's bar.
            here.page.wait_for_function(f"{AUDIO}.currentTime > 4")
            seek = remote_bar.get_by_role("slider", name="Seek")
            box = seek.bounding_box()
            assert box is not None
            seek.click(position={"x": box["width"] * 0.08, "y": box["height"] / 2})
            here.page.wait_for_function(f"!{AUDIO}.paused && {AUDIO}.currentTime < 3")

            # Transfer playback to the other tab: it carries on from about the same place there,
            # and the first tab's bar now follows the other one.
            moved_from = float(str(here.audio("currentTime")))
            devices.get_by_role("button", name="Transfer playback to This browser").click()
            there.page.wait_for_function(
                f"{AUDIO} && !{AUDIO}.paused && {AUDIO}.currentTime > {moved_from}",
                timeout=15_000,
            )
            expect(remote_bar).to_contain_text("First Tone")
            expect(remote_bar).not_to_contain_text("on Web player")
            expect(devices.get_by_role("listitem", name="This browser")).to_have_attribute(
                "aria-current", "true"
            )
            expect(local_bar).to_contain_text("on Web player")
            expect(local_bar.get_by_role("button", name="Pause")).to_be_visible()
            here.page.wait_for_function(f"!{AUDIO} || {AUDIO}.paused")

        # Once the first tab is closed, it is no longer a device.
        expect(devices.get_by_role("listitem")).to_have_count(1, timeout=45_000)
        expect(devices.get_by_role("listitem", name="This browser")).to_be_visible()


async def web_sessions(api_url: str, username: str) -> list[SessionInfo]:
    """The user's sessions opened in a browser (the web player passes its user agent on)."""
    async with CadenzaClient(api_url) as api:
        await api.login(username, PASSWORD)
        sessions = await api.sessions()
        await api.logout()
    return [session for session in sessions if "Chrome" in (session.user_agent or "")]


def test_expired_access_token_is_refreshed_silently(tab: Tab, web_stack: AppStack) -> None:
    run_async(prepare_listener(web_stack.api_url, "ken"))
    sign_in(tab, "ken")
    open_album(tab)
    page = tab.page
    expect(page.get_by_role("list", name="Tracks").get_by_role("listitem")).to_have_count(3)
    loaded_at = time.monotonic()
    url = page.url
    [before] = run_async(web_sessions(web_stack.api_url, "ken"))

    # Let the tab's access token expire: it was issued, at the latest, while the page loaded,
    # and nothing on the page calls the API meanwhile.
    remaining = ACCESS_TOKEN_TTL + 3 - (time.monotonic() - loaded_at)
    page.wait_for_timeout(max(remaining, 0) * 1000)

    # The next action works as if nothing happened: no error, no sign-in form, same page.
    like = page.get_by_role("button", name="Like Second Tone")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status").filter(has_text="Added to Liked songs.")).to_be_visible()
    assert page.url == url
    expect(page.get_by_role("heading", name=ALBUM, level=1)).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)

    # ... because the web player exchanged its refresh token (which moves the session on).
    [after] = run_async(web_sessions(web_stack.api_url, "ken"))
    assert after.id == before.id
    assert after.last_used_at > before.last_used_at


# A browser whose <audio> cannot play Ogg Opus (as Safari before 17).
NO_OPUS_SCRIPT = """
const canPlayType = HTMLMediaElement.prototype.canPlayType;
HTMLMediaElement.prototype.canPlayType = function (type) {
  return /opus/i.test(type) ? "" : canPlayType.call(this, type);
};
"""


def test_browsers_without_opus_play_aac(tab: Tab, web_stack: AppStack) -> None:
    run_async(prepare_listener(web_stack.api_url, "otto"))
    tab.page.add_init_script(NO_OPUS_SCRIPT)
    sign_in(tab, "otto")
    open_album(tab)
    tab.page.get_by_role("button", name="Play Second Tone").click()
    tab.page.wait_for_function(f"{AUDIO} && {AUDIO}.currentTime > 1", timeout=20_000)
    source = str(tab.audio("src"))
    assert "format=aac" in source and "signature=" in source, source


async def end_browser_sessions(api_url: str, username: str) -> None:
    """Sign the user's other sessions out from a script, as from another device."""
    async with CadenzaClient(api_url) as api:
        await api.login(username, PASSWORD)
        for session in await api.sessions():
            if not session.current:
                await api.revoke_session(session.id)
        await api.logout()


def wait_until_a_device(tab: Tab) -> None:
    """Until the tab is connected to the playback socket (its device picker lists it)."""
    player = tab.page.get_by_role("region", name="Player")
    player.get_by_role("button", name="Devices").click()
    picker = tab.page.get_by_role("complementary", name="Devices")
    expect(
        picker.get_by_role("list", name="Your devices").get_by_role("listitem", name="This browser")
    ).to_be_visible()
    picker.get_by_role("button", name="Close devices").click()
    expect(picker).to_be_hidden()


def sign_in_again(tab: Tab, username: str) -> None:
    tab.page.get_by_label("Username or email").fill(username)
    tab.page.get_by_label("Password").fill(PASSWORD)
    tab.page.get_by_role("button", name="Sign in").click()


def test_an_ended_sign_in_leads_back_to_the_page(tab: Tab, web_stack: AppStack) -> None:
    run_async(prepare_listener(web_stack.api_url, "lin"))
    sign_in(tab, "lin")
    open_album(tab)
    page = tab.page
    album_url = page.url
    wait_until_a_device(tab)
    run_async(end_browser_sessions(web_stack.api_url, "lin"))

    # The tab goes to the sign-in form by itself and says why; then the same album again.
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    expect(
        page.get_by_role("status").filter(has_text="This session has been signed out.")
    ).to_be_visible()
    sign_in_again(tab, "lin")
    expect(page.get_by_role("heading", name=ALBUM, level=1)).to_be_visible()
    assert page.url == album_url
    expect(page.get_by_role("status").filter(has_text="signed out")).to_have_count(0)


async def set_active(api_url: str, username: str, *, active: bool) -> None:
    """An admin disables or enables the account through the admin API."""
    async with CadenzaClient(api_url) as admin:
        await admin.login("admin", PASSWORD)
        found = await admin.admin.list_users(q=username)
        [user] = [user for user in found.items if user.username == username]
        await admin.admin.update_user(user.id, AdminUserUpdate(is_active=active))


def test_a_disabled_account_stops_playing_and_goes_to_sign_in(
    tab: Tab, web_stack: AppStack
) -> None:
    run_async(prepare_listener(web_stack.api_url, "rosa"))
    sign_in(tab, "rosa")
    open_album(tab)
    page = tab.page
    album_url = page.url
    page.get_by_role("button", name="Play First Tone").click()
    page.wait_for_function(f"{AUDIO} && !{AUDIO}.paused && {AUDIO}.currentTime > 0.5")
    wait_until_a_device(tab)
    run_async(set_active(web_stack.api_url, "rosa", active=False))

    # Without any action on the page: the music stops and the sign-in form says why.
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="This account is disabled.")).to_be_visible()
    page.wait_for_function(f"{AUDIO}.paused")

    # Once an admin enables the account again, signing in leads back to the album, paused.
    run_async(set_active(web_stack.api_url, "rosa", active=True))
    sign_in_again(tab, "rosa")
    expect(page.get_by_role("heading", name=ALBUM, level=1)).to_be_visible()
    assert page.url == album_url
    player = page.get_by_role("region", name="Player")
    expect(player).to_contain_text("First Tone")
    expect(player.get_by_role("button", name="Play", exact=True)).to_be_visible()
    assert tab.audio("paused") is True


async def register_elsewhere(api_url: str, username: str) -> str:
    """A new user, signed in by a script; returns that session's access token."""
    async with CadenzaClient(api_url) as api:
        await api.register(username, f"{username}@example.com", PASSWORD)
        tokens = await api.login(username, PASSWORD)
        return tokens.access_token


async def me_status(api_url: str, access_token: str) -> int:
    """What `GET /auth/me` answers to `access_token`."""
    async with CadenzaClient(api_url) as api:
        api.access_token = access_token
        try:
            await api.me()
        except ApiError as error:
            return error.status
        return 200


def test_account_settings(tab: Tab, web_stack: AppStack) -> None:
    other_session = run_async(register_elsewhere(web_stack.api_url, "ida"))
    page = tab.page
    sign_in(tab, "ida")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account settings").click()
    expect(page.get_by_role("heading", name="Account settings", level=1)).to_be_visible()

    # Both sessions are listed, this one marked; signing the other one out ends it.
    sessions = page.get_by_role("list", name="Signed-in devices")
    expect(sessions.get_by_role("listitem")).to_have_count(2)
    this_device = sessions.get_by_role("listitem").filter(has_text="This device")
    expect(this_device).to_contain_text("Chrome on Linux")
    expect(this_device.get_by_role("button")).to_have_count(0)
    sessions.get_by_role("button", name="Sign out python-httpx").click()
    expect(sessions.get_by_role("listitem")).to_have_count(1)
    expect(page.get_by_role("status").filter(has_text="Signed out python-httpx")).to_be_visible()
    assert run_async(me_status(web_stack.api_url, other_session)) == 401

    # A wrong current password is shown next to its field.
    form = page.get_by_role("form", name="Change password")
    current = form.get_by_label("Current password")
    current.fill("not my password")
    form.get_by_label("New password", exact=True).fill("a brand new secret")
    form.get_by_label("Repeat the new password").fill("a brand new secret")
    form.get_by_role("button", name="Change password").click()
    expect(form.get_by_text("The current password is wrong.")).to_be_visible()
    expect(current).to_have_attribute("aria-invalid", "true")

    # The right one changes it; then only the new password signs in.
    current.fill(PASSWORD)
    form.get_by_label("New password", exact=True).fill("a brand new secret")
    form.get_by_label("Repeat the new password").fill("a brand new secret")
    form.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status").filter(has_text="Your password was changed")).to_be_visible()
    expect(form.get_by_label("Current password")).to_have_value("")
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Username or email").fill("ida")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Wrong username or password")
    page.get_by_label("Password").fill("a brand new secret")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Home", level=1)).to_be_visible()


def test_artist_library_and_playlist_editing(tab: Tab, web_stack: AppStack) -> None:
    run_async(register_elsewhere(web_stack.api_url, "alan"))
    page = tab.page
    main = page.get_by_role("main")
    main_nav = page.get_by_role("navigation", name="Main")
    sign_in(tab, "alan")

    # Like the album on its page.
    open_album(tab)
    album_path = page.url.removeprefix(web_stack.app_url)
    album_like = main.get_by_role("button", name="Like", exact=True)
    expect(album_like).to_have_attribute("aria-pressed", "false")
    album_like.click()
    expect(album_like).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status").filter(has_text=f"Saved “{ALBUM}”")).to_be_visible()

    # A track heard past its half and then left counts as played: home lists it first.
    page.get_by_role("button", name="Play First Tone").click()
    page.wait_for_function(f"{AUDIO} && {AUDIO}.currentTime > 7", timeout=30_000)
    player = page.get_by_role("region", name="Player")
    player.get_by_role("button", name="Next", exact=True).click()
    expect(player).to_contain_text("Second Tone")
    player.get_by_role("button", name="Pause").click()
    expect(player.get_by_role("button", name="Play", exact=True)).to_be_visible()
    main_nav.get_by_role("link", name="Home").click()
    recent = main.get_by_role("list", name="Recently played")
    expect(recent.get_by_role("listitem").first).to_contain_text("First Tone", timeout=15_000)

    # Open the album's artist from the album page and follow them.
    open_album(tab)
    main.get_by_role("link", name=ARTIST).first.click()
    expect(page.get_by_role("heading", name=ARTIST, level=1)).to_be_visible(timeout=15_000)
    artist_path = page.url.removeprefix(web_stack.app_url)
    assert artist_path.startswith("/artist/"), artist_path
    expect(main.get_by_role("list", name="Songs")).to_contain_text("First Tone")
    expect(main.get_by_role("list", name="Albums").get_by_role("link", name=ALBUM)).to_be_visible()
    follow = main.get_by_role("button", name="Follow")
    expect(follow).to_have_attribute("aria-pressed", "false")
    follow.click()
    expect(follow).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status").filter(has_text=f"Following {ARTIST}.")).to_be_visible()

    # The library lists the followed artist and the liked album.
    main_nav.get_by_role("link", name="Your library").click()
    expect(page.get_by_role("heading", name="Your library", level=1)).to_be_visible()
    followed = main.get_by_role("list", name="Followed artists")
    expect(followed.get_by_role("link", name=ARTIST)).to_be_visible(timeout=15_000)
    expect(
        main.get_by_role("list", name="Liked albums").get_by_role("link", name=ALBUM)
    ).to_be_visible()

    # Create a playlist from the library: the new, empty playlist opens.
    main.get_by_role("button", name="Create playlist").click()
    create = page.get_by_role("dialog", name="Create playlist")
    create.get_by_label("Name").fill("Night drive")
    create.get_by_role("button", name="Create", exact=True).click()
    expect(page.get_by_role("heading", name="Night drive", level=1)).to_be_visible(timeout=15_000)
    expect(page.get_by_role("status").filter(has_text="Created “Night drive”.")).to_be_visible()
    expect(main.get_by_text("This playlist is empty")).to_be_visible()

    # Add two tracks from the album page.
    tab.open(album_path)
    expect(page.get_by_role("heading", name=ALBUM, level=1)).to_be_visible()
    for title in ("First Tone", "Second Tone"):
        page.get_by_role("button", name=f"Add {title} to a playlist").click()
        picker = page.get_by_role("dialog", name=f"Add “{title}” to a playlist")
        picker.get_by_role("list", name="Your playlists").get_by_role(
            "button", name="Night drive"
        ).click()
        expect(picker).to_be_hidden()
        expect(
            page.get_by_role("status").filter(has_text=f"Added “{title}” to Night drive.")
        ).to_be_visible()

    # Reorder with the keyboard: Second Tone moves up; the order survives a reload.
    main_nav.get_by_role("link", name="Night drive").click()
    expect(page.get_by_role("heading", name="Night drive", level=1)).to_be_visible()
    rows = main.get_by_role("list", name="Tracks").get_by_role("listitem")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("First Tone")
    expect(rows.nth(0).get_by_role("button", name="Move up")).to_be_disabled()
    expect(rows.nth(1).get_by_role("button", name="Move down")).to_be_disabled()
    rows.nth(1).get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    expect(rows.nth(0)).to_contain_text("Second Tone")
    expect(page.get_by_role("status").filter(has_text="Moved “Second Tone” up.")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Night drive", level=1)).to_be_visible()
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Second Tone")
    expect(rows.nth(1)).to_contain_text("First Tone")

    # Remove one track.
    rows.filter(has_text="First Tone").get_by_role("button", name="Remove from playlist").click()
    expect(rows).to_have_count(1)
    expect(
        page.get_by_role("status").filter(has_text="Removed “First Tone” from Night drive.")
    ).to_be_visible()

    # Rename it, describe it and make it public; all of it survives a reload.
    main.get_by_role("button", name="Edit details").click()
    edit = page.get_by_role("dialog", name="Edit details")
    expect(edit.get_by_label("Name")).to_have_value("Night drive")
    edit.get_by_label("Name").fill("Late night drive")
    edit.get_by_label("Description").fill("For empty roads")
    edit.get_by_label("Public").check()
    edit.get_by_role("button", name="Save").click()
    expect(edit).to_be_hidden()
    expect(page.get_by_role("heading", name="Late night drive", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Saved “Late night drive”.")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Late night drive", level=1)).to_be_visible()
    expect(main.get_by_text("For empty roads")).to_be_visible()
    expect(main.get_by_text("1 song · by alan · Public")).to_be_visible()
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_contain_text("Second Tone")
    expect(main_nav.get_by_role("link", name="Late night drive")).to_be_visible()

    # Delete it, after a confirmation: back to the library, and gone from the sidebar.
    main.get_by_role("button", name="Delete playlist").click()
    confirm = page.get_by_role("dialog", name="Delete “Late night drive”?")
    confirm.get_by_role("button", name="Delete", exact=True).click()
    expect(page.get_by_role("heading", name="Your library", level=1)).to_be_visible()
    expect(
        page.get_by_role("status").filter(has_text="Deleted “Late night drive”.")
    ).to_be_visible()
    expect(main_nav.get_by_role("link", name="Late night drive")).to_have_count(0)
    expect(main.get_by_text("No playlists yet")).to_be_visible()

    # The artist and library pages fit desktop and mobile screens.
    for size_name, viewport in (("desktop", DESKTOP), ("mobile", MOBILE)):
        page.set_viewport_size(viewport)
        for name, path, heading in (
            ("artist", artist_path, ARTIST),
            ("library", "/library", "Your library"),
        ):
            tab.open(path)
            expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
            expect(page.get_by_role("status").filter(has_text="Loading")).to_have_count(0)
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on {size_name}"
            web_stack.save_screenshot(tab.page, f"{name}-{size_name}")
