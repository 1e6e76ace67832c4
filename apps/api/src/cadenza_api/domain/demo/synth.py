"""A small synthesiser for the demo catalogue: a chord progression of voiced triads on a pad,
a bass line, an arpeggio, a melody and a light drum kit, rendered with numpy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

RATE = 44_100
MAJOR_SCALE = (0, 2, 4, 5, 7, 9, 11)
# Scale steps of the melody: the major pentatonic, which sits well over every diatonic chord.
PENTATONIC_STEPS = (0, 1, 2, 4, 5)

Signal = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Song:
    """What to play: `key` is the tonic as a MIDI note (60 = middle C), `progression` the
    scale degrees (1-7) of the chords, one chord per bar, repeated for `bars` bars."""

    key: int
    tempo: float
    progression: tuple[int, ...]
    bars: int
    arpeggio: tuple[int, ...] = (0, 1, 2, 1)
    seed: int = 0

    @property
    def beat_seconds(self) -> float:
        return 60.0 / self.tempo

    @property
    def seconds(self) -> float:
        return self.bars * 4 * self.beat_seconds


def bars_for(tempo: float, seconds: float, progression_length: int) -> int:
    """The whole number of progressions (at least one) closest to `seconds` of 4/4 bars."""
    bar_seconds = 4 * 60.0 / tempo
    rounds = max(1, round(seconds / (bar_seconds * progression_length)))
    return rounds * progression_length


def midi_frequency(note: float) -> float:
    return float(440.0 * 2.0 ** ((note - 69) / 12))


def scale_note(key: int, step: int) -> int:
    """The MIDI note `step` scale steps above the tonic (negative steps go down)."""
    octave, index = divmod(step, len(MAJOR_SCALE))
    return key + 12 * octave + MAJOR_SCALE[index]


def triad(key: int, degree: int) -> tuple[int, int, int]:
    """The diatonic triad on scale `degree` (1-7): root, third and fifth in root position."""
    root = degree - 1
    return scale_note(key, root), scale_note(key, root + 2), scale_note(key, root + 4)


def voiced(notes: Sequence[int], centre: int) -> list[int]:
    """The notes moved by octaves into the span around `centre`: a close voicing whose
    inversion changes with the chord, so consecutive chords move by small steps."""
    return sorted(centre - 6 + (note - (centre - 6)) % 12 for note in notes)


def _envelope(length: int, attack: float, release: float, decay: float | None) -> Signal:
    """A linear attack, then a sustain (or an exponential decay), then a linear release."""
    seconds = np.arange(length) / RATE
    shape = np.ones(length) if decay is None else np.exp(-seconds / decay)
    attack_length = max(1, min(length, int(attack * RATE)))
    shape[:attack_length] *= np.linspace(0.0, 1.0, attack_length)
    release_length = max(1, min(length, int(release * RATE)))
    shape[-release_length:] *= np.linspace(1.0, 0.0, release_length)
    return shape


def _tone(
    frequency: float,
    seconds: float,
    harmonics: Sequence[float],
    *,
    attack: float = 0.005,
    release: float = 0.05,
    decay: float | None = None,
    detune: float = 0.0,
) -> Signal:
    """An additive tone: `harmonics` are the amplitudes of the partials, the ones above
    the Nyquist frequency left out; `detune` (a ratio) adds a second, slightly sharp voice."""
    length = max(1, int(seconds * RATE))
    time = np.arange(length) / RATE
    wave = np.zeros(length)
    for ratio in (1.0, 1.0 + detune) if detune else (1.0,):
        for number, amplitude in enumerate(harmonics, start=1):
            partial = frequency * ratio * number
            if partial < RATE / 2.2:
                wave += amplitude * np.sin(2 * np.pi * partial * time)
    return wave * _envelope(length, attack, release, decay)


def _add(track: Signal, start: float, sound: Signal, gain: float) -> None:
    first = int(start * RATE)
    if first >= len(track):
        return
    end = min(len(track), first + len(sound))
    track[first:end] += gain * sound[: end - first]


def _kick() -> Signal:
    length = int(0.3 * RATE)
    time = np.arange(length) / RATE
    # The pitch falls from 110 Hz to 45 Hz: the phase is the integral of that frequency.
    frequency = 45 + 65 * np.exp(-time / 0.04)
    phase = 2 * np.pi * np.cumsum(frequency) / RATE
    return np.sin(phase) * np.exp(-time / 0.12)


def _snare(rng: np.random.Generator) -> Signal:
    length = int(0.2 * RATE)
    time = np.arange(length) / RATE
    noise = rng.uniform(-1, 1, length) * np.exp(-time / 0.05)
    body = np.sin(2 * np.pi * 185 * time) * np.exp(-time / 0.07)
    return 0.6 * noise + 0.5 * body


def _hat(rng: np.random.Generator) -> Signal:
    length = int(0.06 * RATE)
    time = np.arange(length) / RATE
    # Differencing white noise tilts it towards the highs, like a small cymbal.
    return np.diff(rng.uniform(-1, 1, length + 1)) * np.exp(-time / 0.015)


class _Arrangement:
    """Places every part of one song on its own stereo-panned track."""

    def __init__(self, song: Song) -> None:
        self.song = song
        self.rng = np.random.default_rng(song.seed)
        self.length = int(song.seconds * RATE) + int(1.5 * RATE)
        self.left = np.zeros(self.length)
        self.right = np.zeros(self.length)

    def place(self, start: float, sound: Signal, gain: float, pan: float = 0.0) -> None:
        """Mix `sound` in at `start` seconds; `pan` runs from -1 (left) to 1 (right)."""
        _add(self.left, start, sound, gain * np.sqrt((1 - pan) / 2))
        _add(self.right, start, sound, gain * np.sqrt((1 + pan) / 2))

    def render(self) -> Signal:
        song = self.song
        intro = min(len(song.progression), song.bars // 2)
        for bar in range(song.bars):
            degree = song.progression[bar % len(song.progression)]
            start = bar * 4 * song.beat_seconds
            chord = triad(song.key, degree)
            self.pad(start, chord)
            self.bass(start, chord)
            if bar >= intro:
                self.arpeggio(start, chord)
                self.drums(start)
            if intro <= bar < song.bars - 1:
                self.melody(start, chord)
        mix = np.stack([self.left, self.right], axis=1)
        peak = float(np.max(np.abs(mix))) or 1.0
        return mix * (0.89 / peak)

    def pad(self, start: float, chord: tuple[int, int, int]) -> None:
        bar_seconds = 4 * self.song.beat_seconds
        for index, note in enumerate(voiced(chord, self.song.key + 4)):
            sound = _tone(
                midi_frequency(note),
                bar_seconds + 0.3,
                (1.0, 0.45, 0.25, 0.12, 0.06),
                attack=0.25,
                release=0.4,
                detune=0.003,
            )
            self.place(start, sound, 0.16, pan=(index - 1) * 0.5)

    def bass(self, start: float, chord: tuple[int, int, int]) -> None:
        beat = self.song.beat_seconds
        root = chord[0] - 24 if chord[0] - 24 >= 33 else chord[0] - 12
        # Root on the beats, the fifth before the next bar, a pickup on "and" of two.
        pattern = ((0.0, root), (1.5, root), (2.0, root), (3.0, root + 7))
        for offset, note in pattern:
            sound = _tone(midi_frequency(note), beat * 0.95, (1.0, 0.5, 0.25), decay=0.35)
            self.place(start + offset * beat, sound, 0.55)

    def arpeggio(self, start: float, chord: tuple[int, int, int]) -> None:
        eighth = self.song.beat_seconds / 2
        notes = voiced(chord, self.song.key + 14)
        for step in range(8):
            note = notes[self.song.arpeggio[step % len(self.song.arpeggio)] % 3]
            sound = _tone(midi_frequency(note), eighth * 1.6, (1.0, 0.3, 0.1), decay=0.18)
            self.place(start + step * eighth, sound, 0.2, pan=-0.4)

    def melody(self, start: float, chord: tuple[int, int, int]) -> None:
        beat = self.song.beat_seconds
        key = self.song.key + 12
        chord_classes = {note % 12 for note in chord}
        candidates = [
            scale_note(key, octave * 7 + step) for octave in (0, 1) for step in PENTATONIC_STEPS
        ]
        position = 0.0
        while position < 4.0:
            length = float(self.rng.choice([0.5, 1.0, 1.0, 1.5]))
            # Strong beats land on chord tones; the rest may pass through the pentatonic scale.
            pool = [n for n in candidates if n % 12 in chord_classes] if position % 2 == 0 else None
            note = int(self.rng.choice(pool or candidates))
            if self.rng.random() > 0.15:
                sound = _tone(
                    midi_frequency(note),
                    min(length, 4.0 - position) * beat,
                    (1.0, 0.15, 0.05),
                    attack=0.02,
                    release=0.08,
                    decay=1.2,
                )
                self.place(start + position * beat, sound, 0.2, pan=0.3)
            position += length

    def drums(self, start: float) -> None:
        beat = self.song.beat_seconds
        for count in range(4):
            if count in (0, 2):
                self.place(start + count * beat, _kick(), 0.6)
            else:
                self.place(start + count * beat, _snare(self.rng), 0.22, pan=0.1)
        for count in range(8):
            self.place(start + count * beat / 2, _hat(self.rng), 0.1, pan=0.5)


def render(song: Song) -> Signal:
    """The song as stereo samples (shape `(frames, 2)`, floats within ±1) at `RATE`,
    ending with a short ring-out."""
    return _Arrangement(song).render()
