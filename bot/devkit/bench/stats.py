"""`python -m bot bench stats` and `bench tracks`: chart drawing and activity-file reading.

The chart benchmark draws the /stats chart of a busy year (every bucket full) and reports the
process's resident memory before and after the first chart, since matplotlib is imported then.
The tracks benchmark reads a 50,000-point GPX and a FIT file of about 1 MB, as a device would
write them, and reports the time and the Python memory peak of each.
"""

import statistics
import time
import tracemalloc
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from bot.devkit import tracks
from bot.parsing.tracks import TrackSummary, read_track
from bot.services.charts import render_chart
from bot.services.stats import Bucket, Period, Stats, buckets_for


def rss_mb() -> float:
    """Resident set size of this process, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def busy_stats(period: Period, today: date) -> Stats:
    buckets: list[Bucket] = buckets_for(period, today)
    for n, bucket in enumerate(buckets):
        bucket.answers = Counter(done=20 + n % 7, snoozed=3, skipped=2 + n % 3, ignored=5)
        bucket.mobility_min = 60 + 5 * (n % 4)
        bucket.km = {"ride": 120.0 + 10 * (n % 5), "run": 25.0 + n % 3}
    return Stats(period, today, buckets, 12, 40, {"ride": 130.0, "run": 25.0}, ("ride", "run"),
                 [("ride", 5000, today)])  # fmt: skip


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_stats(charts: int) -> dict[str, object]:
    import bot.app  # noqa: F401  (the bot as it runs, before any chart)

    today = date(2026, 11, 23)
    before = rss_mb()
    started = time.perf_counter()
    first_png = render_chart(busy_stats("4w", today), "km")
    first_ms = (time.perf_counter() - started) * 1000
    after = rss_mb()
    timings: list[float] = []
    for n in range(charts):
        stats = busy_stats(("4w", "12w", "1y")[n % 3], today)
        started = time.perf_counter()
        render_chart(stats, "km")
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "charts": charts,
        "first_chart_ms": round(first_ms, 1),
        "chart_p50_ms": round(statistics.median(timings), 1),
        "chart_p95_ms": round(_percentile(timings, 0.95), 1),
        "png_kb": round(len(first_png) / 1024, 1),
        "rss_before_mb": round(before, 1),
        "rss_after_first_chart_mb": round(after, 1),
    }


def _timed(name: str, content: bytes, repeats: int) -> tuple[float, float, float, TrackSummary]:
    """(median and p95 seconds, peak MB) of reading the file, with the summary to check."""
    seconds = []
    summary = None
    for _ in range(repeats):
        started = time.perf_counter()
        result = read_track(name, content)
        seconds.append(time.perf_counter() - started)
        assert isinstance(result, TrackSummary), result
        summary = result
    tracemalloc.start()
    read_track(name, content)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert summary is not None
    return statistics.median(seconds), _percentile(seconds, 0.95), peak / 1024 / 1024, summary


def run_tracks(points: int, fit_points: int, repeats: int) -> dict[str, object]:
    start = datetime(2026, 11, 22, 9, tzinfo=UTC)
    gpx = tracks.gpx(tracks.Sample(start, points=points, speed_ms=4.0))
    fit = tracks.fit(tracks.Sample(start, points=fit_points, speed_ms=4.0))
    gpx_s, gpx_p95, gpx_peak, gpx_summary = _timed("ride.gpx", gpx, repeats)
    fit_s, fit_p95, fit_peak, fit_summary = _timed("ride.fit", fit, repeats)
    return {
        "gpx_points": gpx_summary.points,
        "gpx_mb": round(len(gpx) / 1024 / 1024, 2),
        "gpx_parse_s": round(gpx_s, 3),
        "gpx_parse_p95_s": round(gpx_p95, 3),
        "gpx_peak_mb": round(gpx_peak, 1),
        "fit_records": fit_summary.points,
        "fit_mb": round(len(fit) / 1024 / 1024, 2),
        "fit_parse_s": round(fit_s, 3),
        "fit_parse_p95_s": round(fit_p95, 3),
        "fit_peak_mb": round(fit_peak, 1),
    }
