"""Training rules: distance milestones and how far this week runs above the usual volume."""

from datetime import date, timedelta

MILESTONE_STEP_KM = {"ride": 500, "run": 100}
ABOVE_USUAL = 1.2  # 20 % over the usual weekly volume counts as a big week


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


def above_usual(week_km: float, usual_km: float) -> bool:
    return usual_km > 0 and week_km >= usual_km * ABOVE_USUAL
