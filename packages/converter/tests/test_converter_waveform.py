"""waveform(): exact length, peak values and where the silence is."""

from collections.abc import Callable
from pathlib import Path

import pytest

from cadenza_converter import NotAudioError, waveform

MakeAudio = Callable[..., Path]


@pytest.mark.parametrize("points", [1, 7, 100, 800, 5000])
def test_waveform_has_exactly_the_requested_points(media: Path, points: int) -> None:
    peaks = waveform(media / "tagged.flac", points)

    assert len(peaks) == points
    assert all(0.0 <= peak <= 1.0 for peak in peaks)


def test_default_is_800_points(media: Path) -> None:
    assert len(waveform(media / "plain.wav")) == 800


def test_more_points_than_samples_still_gives_every_point(make_audio: MakeAudio) -> None:
    tiny = make_audio("tiny.wav", seconds=0.01, rate=8_000)  # 80 samples

    assert len(waveform(tiny, 200)) == 200


def test_silent_second_half_reads_zero_there(make_audio: MakeAudio) -> None:
    path = make_audio("half.wav", seconds=2.0, amplitude=0.5, silent_after=1.0)

    peaks = waveform(path, 100)

    # Leave the two buckets around the edge out: the tone stops inside one of them.
    assert peaks[:49] == pytest.approx([0.5] * 49, abs=0.01)
    assert peaks[51:] == pytest.approx([0.0] * 49, abs=1e-6)


def test_peaks_follow_the_amplitude(make_audio: MakeAudio) -> None:
    quiet = waveform(make_audio("quiet.flac", seconds=1.0, amplitude=0.25), 10)
    mono = waveform(make_audio("mono.flac", seconds=1.0, amplitude=0.75, channels=1), 10)

    assert quiet == pytest.approx([0.25] * 10, abs=0.01)
    assert mono == pytest.approx([0.75] * 10, abs=0.01)


def test_points_must_be_positive(media: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        waveform(media / "plain.wav", 0)


def test_non_audio_raises(media: Path) -> None:
    with pytest.raises(NotAudioError):
        waveform(media / "cover.png")
