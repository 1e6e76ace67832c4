"""One app's metrics on a registry of its own (tests build many apps in one process).

HTTP, streaming and storage metrics count what this process does as it happens. Job metrics
are read from the `jobs` table at scrape time: jobs run in whichever process claims them (the
API's in-process queue, or `cadenza worker` processes that serve no `/metrics`), and the
table is the one place every process writes their outcome to. So every API replica reports
the same job numbers; aggregate them across instances with `max`, not `sum`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.utils import floatToGoString
from sqlalchemy import ColumnElement, Float, case, extract, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from cadenza_api.db.models import Job
from cadenza_contracts.media import JobState

REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
JOB_BUCKETS = (1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)
FINISHED_STATES = (JobState.COMPLETE, JobState.FAILED)
_STATES = {state.value: state for state in JobState}

JOBS = "cadenza_jobs"
JOB_DURATION = "cadenza_job_duration_seconds"
PLAYBACK_DEVICES = "cadenza_playback_devices"


@dataclass(frozen=True)
class JobDurations:
    """The finished jobs of one state: cumulative counts per `JOB_BUCKETS` bound, the count
    and the summed seconds."""

    cumulative: tuple[int, ...] = (0,) * len(JOB_BUCKETS)
    count: int = 0
    total_seconds: float = 0.0


@dataclass(frozen=True)
class JobStats:
    """How many jobs are in each state, and how long the finished ones ran."""

    counts: dict[JobState, int] = field(default_factory=lambda: dict.fromkeys(JobState, 0))
    durations: dict[JobState, JobDurations] = field(
        default_factory=lambda: dict.fromkeys(FINISHED_STATES, JobDurations())
    )


def _run_seconds(dialect: str) -> ColumnElement[float]:
    """A job's `finished_at - started_at` in seconds, in the database's own arithmetic."""
    if dialect == "postgresql":
        return type_coerce(extract("epoch", Job.finished_at - Job.started_at), Float())
    return (func.julianday(Job.finished_at) - func.julianday(Job.started_at)) * 86_400.0


async def load_job_stats(session: AsyncSession) -> JobStats:
    """Two `GROUP BY state` queries; the histogram's buckets are summed by the database."""
    counts = dict.fromkeys(JobState, 0)
    for state, count in await session.execute(select(Job.state, func.count()).group_by(Job.state)):
        known = _STATES.get(state)
        if known is not None:
            counts[known] = int(count)
    seconds = _run_seconds(session.get_bind().dialect.name)
    finished = await session.execute(
        select(
            Job.state,
            func.count(),
            func.coalesce(func.sum(seconds), 0.0),
            *(func.sum(case((seconds <= bound, 1), else_=0)) for bound in JOB_BUCKETS),
        )
        .where(
            Job.state.in_([state.value for state in FINISHED_STATES]),
            Job.started_at.is_not(None),
            Job.finished_at.is_not(None),
        )
        .group_by(Job.state)
    )
    durations = dict.fromkeys(FINISHED_STATES, JobDurations())
    for state, count, total, *cumulative in finished:
        durations[JobState(state)] = JobDurations(
            cumulative=tuple(int(n or 0) for n in cumulative),
            count=int(count),
            total_seconds=float(total),
        )
    return JobStats(counts=counts, durations=durations)


class ScrapeCollector:
    """The metrics read at scrape time, from the snapshot the scrape has just taken."""

    def __init__(self) -> None:
        self.jobs = JobStats()
        self.devices = 0

    def describe(self) -> Iterable[Metric]:
        return self._families(JobStats(), 0)

    def collect(self) -> Iterable[Metric]:
        return self._families(self.jobs, self.devices)

    @staticmethod
    def _families(jobs: JobStats, devices: int) -> Sequence[Metric]:
        counts = GaugeMetricFamily(JOBS, "Jobs in each state.", labels=["state"])
        for state, count in jobs.counts.items():
            counts.add_metric([state.value], count)
        durations = HistogramMetricFamily(
            JOB_DURATION,
            "How long finished jobs ran (their last attempt), by final state.",
            labels=["state"],
        )
        for state, run in jobs.durations.items():
            buckets = [
                (floatToGoString(bound), float(n))
                for bound, n in zip(JOB_BUCKETS, run.cumulative, strict=True)
            ]
            buckets.append(("+Inf", float(run.count)))
            durations.add_metric([state.value], buckets, run.total_seconds)
        connected = GaugeMetricFamily(
            PLAYBACK_DEVICES, "Devices connected to this process's playback WebSocket."
        )
        connected.add_metric([], devices)
        return [counts, durations, connected]


class AppMetrics:
    """The metrics of one app, and its Prometheus text rendering."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "cadenza_http_requests",
            "HTTP requests answered, by method, route template and status code.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.request_duration = Histogram(
            "cadenza_http_request_duration_seconds",
            "Time from a request's arrival to the end of its response body.",
            ["method", "route", "status"],
            buckets=REQUEST_BUCKETS,
            registry=self.registry,
        )
        self.stream_bytes = Counter(
            "cadenza_stream_bytes",
            "Bytes of stored media (audio, images) sent in response bodies.",
            ["kind"],
            registry=self.registry,
        )
        self.storage_errors = Counter(
            "cadenza_storage_errors",
            "Object storage calls that failed, by operation and reason.",
            ["operation", "reason"],
            registry=self.registry,
        )
        self._scrape = ScrapeCollector()
        self.registry.register(self._scrape)

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        labels = (method, route, str(status))
        self.requests.labels(*labels).inc()
        self.request_duration.labels(*labels).observe(seconds)

    async def render(self, session: AsyncSession, *, devices: int) -> bytes:
        """The Prometheus text exposition, with the job and device numbers read now."""
        jobs = await load_job_stats(session)
        # No await from here on: a concurrent scrape cannot swap the snapshot mid-render.
        self._scrape.jobs = jobs
        self._scrape.devices = devices
        return generate_latest(self.registry)
