"""The stats and tracks benchmarks run at a small size through the CLI; the last line is JSON.

Only keys and types are checked: timings on a shared machine are not something to assert.
"""

import json

import pytest

from bot.__main__ import main


def test_stats_benchmark_reports_chart_times_and_memory(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["bench", "stats", "--charts", "3"]) == 0
    figures = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert figures["charts"] == 3
    for key in ("chart_p50_ms", "chart_p95_ms", "rss_before_mb", "rss_after_first_chart_mb"):
        assert isinstance(figures[key], float) and figures[key] > 0, key


def test_tracks_benchmark_reads_both_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["bench", "tracks", "--points", "500", "--fit-points", "500", "--repeats", "1"]) == 0
    )
    figures = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert (figures["gpx_points"], figures["fit_records"]) == (500, 500)
    for key in ("gpx_parse_s", "gpx_parse_p95_s", "gpx_peak_mb", "fit_parse_s",
                "fit_parse_p95_s", "fit_peak_mb", "fit_mb"):  # fmt: skip
        assert isinstance(figures[key], float) and figures[key] >= 0, key
