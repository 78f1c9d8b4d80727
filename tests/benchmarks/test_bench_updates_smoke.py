"""The updates benchmark runs end to end at a small size and reports every figure it promises
(keys and types only: timings on a shared machine are not something to assert)."""

import json

from bot.devkit.bench import updates


async def test_small_updates_benchmark_reports_every_figure() -> None:
    figures = await updates.run(12, users=3, flood=10, drain=20, rounds=1)
    assert json.loads(json.dumps(figures)) == figures
    assert (figures["updates"], figures["users"], figures["rounds"]) == (12, 3, 1)
    for key in ("help", "ride"):
        for suffix in ("_per_s", "_echo_per_s", "_ratio"):
            value = figures[key + suffix]
            assert isinstance(value, float) and value > 0, key + suffix
    for key in ("flood_other_p50_ms", "flood_other_max_ms", "drain_other_p50_ms",
                "drain_other_p95_ms", "drain_seconds"):  # fmt: skip
        value = figures[key]
        assert isinstance(value, float) and value > 0, key
    assert figures["drain_reminders"] == 20 and figures["drain_refused"] == 0
