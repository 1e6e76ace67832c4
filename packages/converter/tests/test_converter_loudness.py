"""measure_loudness() against figures worked out from ITU-R BS.1770 / EBU R128."""

import math
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest

from cadenza_converter import UnreadableMediaError, measure_loudness
from cadenza_converter.loudness import TRUE_PEAK_FLOOR_DBTP

MakeAudio = Callable[..., Path]


def test_sine_at_minus_20_dbfs_in_both_channels_reads_minus_20_lufs(
    make_audio: MakeAudio,
) -> None:
    """Why -20 LUFS: BS.1770 defines L = -0.691 + 10·log10(Σ G_i·z_i), with z_i the mean square
    of channel i after K-weighting and G = 1 for left and right. A sine of peak amplitude A has
    mean square A²/2, and K-weighting lifts 997 Hz by 0.691 dB, which is exactly what the
    -0.691 offset cancels (the standard's check: a 0 dBFS 997 Hz sine in one channel reads
    -3.01 LKFS). Both channels at A = 0.1 (-20 dBFS) give L = 10·log10(2·A²/2) = 20·log10(A)
    = -20 LUFS; a steady tone passes both gates whole. Its true peak is A itself, -20 dBTP,
    and the gain to the -14 LUFS target is +6 dB.
    """
    tone = make_audio("tone.wav", seconds=3.0, amplitude=0.1, frequency=997, rate=48_000)

    result = measure_loudness(tone)

    assert result.integrated_lufs == pytest.approx(-20.0, abs=0.5)
    assert result.true_peak_dbtp == pytest.approx(-20.0, abs=0.5)
    assert result.track_gain_db == pytest.approx(6.0, abs=0.5)
    assert result.track_gain_db == pytest.approx(-14.0 - result.integrated_lufs, abs=0.01)


def test_halving_the_amplitude_lowers_loudness_by_6_db(make_audio: MakeAudio) -> None:
    loud = measure_loudness(make_audio("loud.wav", seconds=2.0, amplitude=0.2))
    quiet = measure_loudness(make_audio("quiet.wav", seconds=2.0, amplitude=0.1))

    assert loud.integrated_lufs - quiet.integrated_lufs == pytest.approx(
        20 * math.log10(2), abs=0.1
    )
    assert loud.track_gain_db - quiet.track_gain_db == pytest.approx(-6.02, abs=0.1)


def test_mono_is_measured_as_dual_mono(make_audio: MakeAudio) -> None:
    """A mono file plays on both speakers, so it must read like its stereo twin."""
    stereo = measure_loudness(make_audio("stereo.wav", seconds=2.0, amplitude=0.1))
    mono = measure_loudness(make_audio("mono.wav", seconds=2.0, amplitude=0.1, channels=1))

    assert mono.integrated_lufs == pytest.approx(stereo.integrated_lufs, abs=0.1)


def test_steady_tone_has_almost_no_loudness_range(make_audio: MakeAudio) -> None:
    tone = make_audio("steady.wav", seconds=5.0, amplitude=0.3, rate=22_050)

    assert measure_loudness(tone).loudness_range_lu == pytest.approx(0.0, abs=1.0)


def test_clips_shorter_than_the_range_window_report_zero_range(make_audio: MakeAudio) -> None:
    assert measure_loudness(make_audio("clip.wav", seconds=3.2)).loudness_range_lu == 0.0


def test_silence_reports_floor_values_that_serialise(make_audio: MakeAudio) -> None:
    result = measure_loudness(make_audio("silence.wav", seconds=1.0, amplitude=0.0))

    assert result.integrated_lufs == -70.0
    assert result.true_peak_dbtp == TRUE_PEAK_FLOOR_DBTP
    assert msgspec.json.decode(msgspec.json.encode(result)) == {
        "integratedLufs": -70.0,
        "truePeakDbtp": TRUE_PEAK_FLOOR_DBTP,
        "loudnessRangeLu": 0.0,
        "trackGainDb": 56.0,
    }


def test_lossy_input_is_measured_too(media: Path) -> None:
    # The fixtures are 997 Hz at amplitude 0.5 (-6.02 dBFS) in both channels.
    assert measure_loudness(media / "tagged.mp3").integrated_lufs == pytest.approx(-6.0, abs=0.5)


def test_unreadable_input_raises(media: Path) -> None:
    with pytest.raises(UnreadableMediaError):
        measure_loudness(media / "notes.mp3")
