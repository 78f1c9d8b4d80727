"""Training rules: distance milestones and the Monday-to-Sunday training week."""

from datetime import date, timedelta

# Round numbers in the user's own unit: riding 500 km or 300 mi, running 100 km or 60 mi.
MILESTONE_STEP = {"km": {"ride": 500, "run": 100}, "mi": {"ride": 300, "run": 60}}


def crossed_milestone(kind: str, before: float, after: float, unit: str = "km") -> int | None:
    """The milestone passed when a lifetime total grows from before to after, if any; totals
    and the answer are in `unit` (km or mi)."""
    step = MILESTONE_STEP[unit][kind]
    passed = int(after // step)
    if passed > int(before // step) and passed > 0:
        return passed * step
    return None


def week_start(day: date) -> date:
    """Monday of the week holding `day`: weeks run Monday to Sunday."""
    return day - timedelta(days=day.weekday())
