"""Training rules: distance milestones and the Monday-to-Sunday training week."""

from datetime import date, timedelta

MILESTONE_STEP_KM = {"ride": 500, "run": 100}


def crossed_milestone(kind: str, before_km: float, after_km: float) -> int | None:
    """The milestone (in km) passed when a lifetime total grows from before to after, if any."""
    step = MILESTONE_STEP_KM[kind]
    passed = int(after_km // step)
    if passed > int(before_km // step) and passed > 0:
        return passed * step
    return None


def week_start(day: date) -> date:
    """Monday of the week holding `day`: weeks run Monday to Sunday."""
    return day - timedelta(days=day.weekday())
