"""The /stats chart as a PNG: the same numbers as the text, drawn for a phone screen.

matplotlib is imported on the first chart, not at start-up (it costs tens of megabytes), and
only its object API is used (no pyplot), so charts can be drawn in worker threads.
Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies); each answer
also has its own hatching, so the bars read in greyscale too.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from io import BytesIO
from typing import Any

from bot.parsing.distance import KM_PER_MILE
from bot.services.stats import ANSWERS, Stats
from bot.texts import stats as t

WIDTH_PX, HEIGHT_PX, DPI = 1080, 1350, 100
COLOURS = {"done": "#0072B2", "snoozed": "#E69F00", "skipped": "#D55E00", "ignored": "#999999"}
HATCHES = {"done": "", "snoozed": "//", "skipped": "xx", "ignored": ".."}
SPORT_COLOURS = {"ride": "#009E73", "run": "#CC79A7"}
# Margins in pixels: y tick labels up to four digits, a bold title above each chart, rotated
# bucket labels below; the gap holds the upper chart's labels and the lower one's title.
LEFT_PX, RIGHT_PX, TOP_PX, BOTTOM_PX, GAP_PX = 84, 20, 56, 84, 130


class _NoFullCollections:
    """Holds the cyclic garbage collector off while a chart is drawn, then frees the chart.

    A figure is some ten thousand objects in reference cycles. With the collector running they
    outlive the young generations while the chart is drawn, reach the oldest one, and every few
    charts trigger a full collection of the whole process (about 0.2 s on the bot's heap) in the
    middle of a draw. Held off, they stay young, and a young-generation collection after the
    draw frees them in a few milliseconds. A count under a lock lets charts overlap in threads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._drawing = 0
        self._was_enabled = False

    def __enter__(self) -> None:
        with self._lock:
            if self._drawing == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._drawing += 1

    def __exit__(self, *_: object) -> None:
        with self._lock:
            self._drawing -= 1
            if self._drawing == 0 and self._was_enabled:
                gc.collect(0)
                gc.enable()


_no_full_collections = _NoFullCollections()


class _Renderers:
    """Agg renderers kept from one chart to the next, each lent to one draw at a time.

    matplotlib caches text sizes per renderer, and a chart measures the same tick labels,
    titles and legend entries every time; a renderer of its own per chart started that cache
    empty and allocated a fresh 1080×1350 buffer. At most KEPT are kept (a few MB each).
    """

    KEPT = 2

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free: list[Any] = []

    @contextmanager
    def lent(self) -> Iterator[Any]:
        from matplotlib.backends.backend_agg import RendererAgg

        with self._lock:
            renderer = self._free.pop() if self._free else None
        if renderer is None:
            new: Any = RendererAgg  # matplotlib's Agg classes carry no type hints
            renderer = new(WIDTH_PX, HEIGHT_PX, DPI)
        try:
            yield renderer
        finally:
            with self._lock:
                if len(self._free) < self.KEPT:
                    self._free.append(renderer)


_renderers = _Renderers()


@cache
def _canvas_type() -> type[Any]:
    """An Agg canvas that draws on the renderer it is lent (defined once matplotlib is in)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    class LentCanvas(FigureCanvasAgg):
        lent: Any = None

        def get_renderer(self) -> Any:
            own: Any = super()
            return self.lent if self.lent is not None else own.get_renderer()

    return LentCanvas


def render_chart(stats: Stats, unit: str) -> bytes:
    """A PNG of WIDTH_PX × HEIGHT_PX: answers per bucket on top, distance per sport below."""
    with _no_full_collections:
        return _draw(stats, unit)


def _draw(stats: Stats, unit: str) -> bytes:
    from matplotlib.figure import Figure

    rows = 2 if stats.sports else 1
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor="white")
    canvas = _canvas_type()(figure)
    figure.subplots_adjust(**_margins(rows))
    axes = figure.subplots(rows, 1, squeeze=False)[:, 0]
    labels = [t.bucket_label(b.first, b.monthly) for b in stats.buckets]
    many = len(labels) > 6
    positions = list(range(len(labels)))
    top = axes[0]
    bottom = [0] * len(labels)
    for answer in ANSWERS:
        values = [b.answers[answer] for b in stats.buckets]
        top.bar(positions, values, bottom=bottom, color=COLOURS[answer], hatch=HATCHES[answer],
                edgecolor="black", linewidth=0.8, label=t.chart_answer(answer))  # fmt: skip
        bottom = [a + b for a, b in zip(bottom, values, strict=True)]
    for x, bucket in zip(positions, stats.buckets, strict=True):
        done = bucket.answers["done"]
        if done:
            top.text(x, bottom[x], str(done), ha="center", va="bottom", fontsize=18,
                     fontweight="bold", color=COLOURS["done"])  # fmt: skip
    top.set_title(t.chart_reminders_title(stats.streak, stats.best_streak), fontsize=24,
                  fontweight="bold", loc="left", y=1.0)  # fmt: skip
    _style(top, positions, labels, many)
    top.set_ylim(0, max([*bottom, 1]) * 1.2)
    top.legend(fontsize=16, ncols=2, loc="upper left", frameon=False)
    if stats.sports:
        _distance(axes[1], stats, unit, positions, labels, many)
    with _renderers.lent() as renderer:
        canvas.lent = renderer
        return _png(canvas)


def _png(canvas: Any) -> bytes:
    """The drawn canvas as an opaque PNG, compressed lightly.

    The background is white, so the alpha channel carries nothing; dropping it and using a low
    zlib level halves the encoding time for a file a little larger (Telegram re-encodes photos
    anyway).
    """
    from PIL import Image

    canvas.draw()
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = BytesIO()
    image.convert("RGB").save(buffer, format="png", compress_level=1, dpi=(DPI, DPI))
    return buffer.getvalue()


def _margins(rows: int) -> dict[str, float]:
    """Fixed margins, sized for the fonts below: a layout engine would cost a second draw."""
    axes_px = (HEIGHT_PX - TOP_PX - BOTTOM_PX - GAP_PX * (rows - 1)) / rows
    return {
        "left": LEFT_PX / WIDTH_PX,
        "right": 1 - RIGHT_PX / WIDTH_PX,
        "top": 1 - TOP_PX / HEIGHT_PX,
        "bottom": BOTTOM_PX / HEIGHT_PX,
        "hspace": GAP_PX / axes_px,
    }


def _distance(axis: Any, stats: Stats, unit: str, positions: list[int], labels: list[str],
              many: bool) -> None:  # fmt: skip
    width = 0.8 / len(stats.sports)
    scale = 1 / KM_PER_MILE if unit == "mi" else 1.0
    highest = 1.0
    for n, sport in enumerate(stats.sports):
        offset = (n - (len(stats.sports) - 1) / 2) * width
        values = [b.km[sport] * scale for b in stats.buckets]
        xs = [x + offset for x in positions]
        axis.bar(xs, values, width=width, color=SPORT_COLOURS[sport], edgecolor="black",
                 linewidth=0.8, label=t.chart_sport(sport))  # fmt: skip
        usual = stats.usual_km[sport] * scale
        if usual > 0:
            goals = [usual * b.weeks for b in stats.buckets]
            axis.scatter(xs, goals, marker="_", s=900, linewidths=4, color="black", zorder=3)
            highest = max(highest, *goals)
        highest = max(highest, *values)
    axis.scatter([], [], marker="_", s=300, linewidths=4, color="black", label=t.chart_usual())
    axis.set_title(t.chart_distance_title(unit), fontsize=24, fontweight="bold", loc="left", y=1.0)
    _style(axis, positions, labels, many)
    axis.set_ylim(0, highest * 1.25)
    axis.legend(fontsize=16, ncols=3, loc="upper left", frameon=False)


def _style(axis: Any, positions: list[int], labels: list[str], many: bool) -> None:
    axis.set_xticks(positions, labels, fontsize=14 if many else 18, rotation=45 if many else 0)
    axis.tick_params(axis="y", labelsize=16)
    axis.spines[["top", "right"]].set_visible(False)
    axis.grid(axis="y", color="#DDDDDD")
    axis.set_axisbelow(True)
