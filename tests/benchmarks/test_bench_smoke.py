"""The dispatch benchmark runs end to end at a small size and reports every figure it promises.

Only keys and types are checked: timings on a shared machine are not something to assert.
"""

import json

from bot.devkit.bench import dispatch

RATES = ("dispatch_per_s", "bare_per_s", "ratio", "ratio_min", "ratio_max")
CLAIMS = (
    "claim_ms_median_10k",
    "claim_ms_p95_10k",
    "claim_ms_median",
    "claim_ms_p95",
    "claim_flatness",
)


async def test_small_dispatch_benchmark_reports_every_figure() -> None:
    figures = await dispatch.run(reminders=50, claim_rows=2000)
    assert json.loads(json.dumps(figures)) == figures
    assert figures["reminders"] == 50 and figures["rows"] == 2000
    assert figures["rounds"] == dispatch.ROUNDS
    assert figures["backend"] == "sqlite"
    assert figures["delivered"] == 50
    for key in ("concurrency", "cpu_count", "claim_base_rows"):
        count = figures[key]
        assert isinstance(count, int) and count > 0, key
    for key in RATES:
        rate = figures[key]
        assert isinstance(rate, float) and rate > 0, key
    if figures["claim_skipped"] is None:
        for key in CLAIMS:
            figure = figures[key]
            assert isinstance(figure, float) and figure > 0, key
    else:
        assert isinstance(figures["claim_skipped"], str)
        assert all(figures[key] is None for key in CLAIMS)
    assert figures["ratio_min"] <= figures["ratio"] <= figures["ratio_max"]
