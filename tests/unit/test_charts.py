"""The /stats chart on its own: its size, and the collector is left as it was found."""

import gc
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date

from PIL import Image

from bot.devkit.bench.stats import busy_stats
from bot.services.charts import HEIGHT_PX, WIDTH_PX, render_chart

TODAY = date(2026, 11, 23)


def test_a_chart_is_an_opaque_png_of_the_promised_size() -> None:
    for stats in (busy_stats("12w", TODAY), replace(busy_stats("4w", TODAY), sports=())):
        image = Image.open(io.BytesIO(render_chart(stats, "mi")))
        assert (image.format, image.size, image.mode) == ("PNG", (WIDTH_PX, HEIGHT_PX), "RGB")


def test_the_collector_is_enabled_again_after_charts_in_threads() -> None:
    assert gc.isenabled()
    with ThreadPoolExecutor(3) as pool:
        pngs = list(pool.map(lambda p: render_chart(busy_stats(p, TODAY), "km"), ["4w", "1y"] * 3))
    assert all(png.startswith(b"\x89PNG") for png in pngs)
    assert gc.isenabled()


def test_a_collector_switched_off_elsewhere_stays_off() -> None:
    gc.disable()
    try:
        render_chart(busy_stats("4w", TODAY), "km")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_kept_renderer_leaves_nothing_behind_for_the_next_chart() -> None:
    first = render_chart(busy_stats("4w", TODAY), "km")
    render_chart(busy_stats("1y", TODAY), "mi")
    assert render_chart(busy_stats("4w", TODAY), "km") == first
