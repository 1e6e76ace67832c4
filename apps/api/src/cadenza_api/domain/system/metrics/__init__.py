"""Prometheus metrics: requests, jobs, playback devices, bytes streamed, storage errors."""

from cadenza_api.domain.system.metrics._plugin import (
    MetricsPlugin,
    connected_devices,
    metrics_endpoint,
)
from cadenza_api.domain.system.metrics._registry import AppMetrics, JobStats, load_job_stats
from cadenza_api.domain.system.metrics._requests import UNMATCHED, count_streamed
from cadenza_api.domain.system.metrics._storage import CountingStorage

__all__ = [
    "UNMATCHED",
    "AppMetrics",
    "CountingStorage",
    "JobStats",
    "MetricsPlugin",
    "connected_devices",
    "count_streamed",
    "load_job_stats",
    "metrics_endpoint",
]
