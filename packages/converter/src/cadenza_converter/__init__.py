"""Cadenza's media conversion library and cadenza-convert CLI.

Probe, transcode (Ogg Opus, AAC in M4A, MP3), measure EBU R128 loudness and compute waveform
peaks with the FFmpeg that ships inside PyAV, in-process.
"""

from cadenza_converter.batch import Job, Progress, convert_many, plan
from cadenza_converter.errors import (
    ConversionError,
    EncodingError,
    NotAudioError,
    UnreadableMediaError,
)
from cadenza_converter.loudness import measure_loudness
from cadenza_converter.probe import extract_cover, probe
from cadenza_converter.results import (
    BatchReport,
    CoverArt,
    FileReport,
    LoudnessResult,
    Outcome,
    OutputFormat,
    ProbeResult,
    Tags,
    TranscodeResult,
)
from cadenza_converter.transcode import transcode
from cadenza_converter.waveform import waveform

__all__ = [
    "BatchReport",
    "ConversionError",
    "CoverArt",
    "EncodingError",
    "FileReport",
    "Job",
    "LoudnessResult",
    "NotAudioError",
    "Outcome",
    "OutputFormat",
    "ProbeResult",
    "Progress",
    "Tags",
    "TranscodeResult",
    "UnreadableMediaError",
    "convert_many",
    "extract_cover",
    "measure_loudness",
    "plan",
    "probe",
    "transcode",
    "waveform",
]
