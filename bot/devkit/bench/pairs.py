"""Limber against a bare PTB baseline, measured in pairs so a noisy machine cancels out.

On a shared two-core machine the speed of the whole host drifts by 10-30 % over a minute. A
ratio of two medians taken from different minutes carries that drift; a ratio taken within one
pair (the two runs back to back) mostly does not. The order inside a pair alternates, so neither
side always runs first (on a warmer cache, or a slower minute).
"""

import statistics
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Rate = Callable[[], Awaitable[float]]  # one timed run, in items per second


@dataclass(frozen=True)
class PairedRates:
    """The rates of each pair's two runs, in pair order."""

    limber: list[float]
    bare: list[float]

    @property
    def ratios(self) -> list[float]:
        return [mine / theirs for mine, theirs in zip(self.limber, self.bare, strict=True)]

    def figures(self, mine: str, theirs: str, ratio: str) -> dict[str, float]:
        """Both sides' median rates, the median of the pairs' ratios and its range, named."""
        ratios = self.ratios
        return {
            mine: round(statistics.median(self.limber), 1),
            theirs: round(statistics.median(self.bare), 1),
            ratio: round(statistics.median(ratios), 3),
            f"{ratio}_min": round(min(ratios), 3),
            f"{ratio}_max": round(max(ratios), 3),
        }


async def paired_rates(limber: Rate, bare: Rate, rounds: int) -> PairedRates:
    """`rounds` pairs of runs, Limber first in the even pairs and the baseline first in the odd."""
    mine: list[float] = []
    theirs: list[float] = []
    for number in range(rounds):
        if number % 2 == 0:
            mine.append(await limber())
            theirs.append(await bare())
        else:
            theirs.append(await bare())
            mine.append(await limber())
    return PairedRates(mine, theirs)
