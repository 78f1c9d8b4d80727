"""Paired rounds: the ratio is taken inside each pair, and the order inside a pair alternates."""

from bot.devkit.bench.pairs import paired_rates


async def test_pairs_alternate_and_their_ratios_are_taken_inside_each_pair() -> None:
    runs: list[str] = []
    limber_rates = iter([50.0, 40.0, 90.0])
    bare_rates = iter([100.0, 50.0, 100.0])

    async def limber() -> float:
        runs.append("limber")
        return next(limber_rates)

    async def bare() -> float:
        runs.append("bare")
        return next(bare_rates)

    pairs = await paired_rates(limber, bare, 3)
    assert runs == ["limber", "bare", "bare", "limber", "limber", "bare"]
    assert pairs.ratios == [0.5, 0.8, 0.9]
    # The median of the ratios (0.8), not the ratio of the medians (50 / 100).
    assert pairs.figures("mine", "theirs", "ratio") == {
        "mine": 50.0, "theirs": 100.0, "ratio": 0.8, "ratio_min": 0.5, "ratio_max": 0.9,
    }  # fmt: skip
