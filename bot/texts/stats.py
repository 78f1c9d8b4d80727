"""Texts of /stats and the Sunday summary: the same numbers the chart draws."""

from datetime import date

from bot.callbacks import StatsButton, encode
from bot.parsing.distance import format_distance
from bot.services.stats import PERIODS, Bucket, Period, Stats, Suggestion

PERIOD_LABELS: dict[Period, str] = {"4w": "4 weeks", "12w": "12 weeks", "1y": "A year"}
_HEADINGS: dict[Period, str] = {"4w": "last 4 weeks", "12w": "last 12 weeks",
                                "1y": "last 12 months"}  # fmt: skip
_ICONS = {"ride": "🚴", "run": "🏃"}
_NOUNS = {"ride": "ridden", "run": "run"}


def period_buttons(current: Period) -> list[list[tuple[str, str]]]:
    """One row of spans, the shown one marked; the data names the wanted and the shown span."""
    return [[(f"• {PERIOD_LABELS[p]} •" if p == current else PERIOD_LABELS[p],
              encode(StatsButton(p, current))) for p in PERIODS]]  # fmt: skip


def streak_line(stats: Stats) -> str:
    days = "day" if stats.streak == 1 else "days"
    return (
        f"🔥 Streak: <b>{stats.streak} {days}</b> (best {stats.best_streak})."
        " Rest days, pauses and sore days don't break it."
    )


def _minutes(value: float) -> str:
    return f"{round(value)} min"


def bucket_label(first: date, monthly: bool) -> str:
    """A bar's name: the month (Mar), or the Monday starting the week (03 Mar)."""
    return f"{first:%b}" if monthly else f"{first:%d %b}"


def bucket_line(bucket: Bucket, stats: Stats, unit: str) -> str:
    a = bucket.answers
    label = bucket_label(bucket.first, bucket.monthly)
    line = (
        f"<b>{label}</b>: ✅ {a['done']} ⏰ {a['snoozed']} ⏭ {a['skipped']}"
        f" 💤 {a['ignored']} · {_minutes(bucket.mobility_min)}"
    )
    for sport in stats.sports:
        line += f" · {_ICONS[sport]} {format_distance(bucket.km[sport], unit)}"
    return line


def stats_caption(stats: Stats, unit: str) -> str:
    """The /stats text (a photo caption, so it stays well under 1,024 characters)."""
    lines = [f"📊 <b>Your {_HEADINGS[stats.period]}</b>", streak_line(stats), "",
             "✅ done ⏰ snoozed ⏭ skipped 💤 no answer · mobility minutes done"]  # fmt: skip
    lines += [bucket_line(bucket, stats, unit) for bucket in stats.buckets]
    usual = [
        f"{_ICONS[s]} {format_distance(stats.usual_km[s], unit)}"
        for s in stats.sports
        if stats.usual_km[s] > 0
    ]
    if usual:
        lines.append("Usual a week: " + ", ".join(usual))
    if stats.milestones:
        reached = ", ".join(
            f"{format_distance(km, unit)} {_NOUNS[kind]} ({day:%d %b})"
            for kind, km, day in stats.milestones[-3:]
        )
        lines.append(f"🏅 Milestones: {reached}")
    return "\n".join(lines)


_SUGGESTIONS: dict[Suggestion, str] = {
    "afternoon": "You skipped most afternoon break nudges: start work earlier in /settings so"
    " they come sooner, or try a longer break interval?",
    "routine_time": "Most routines went unanswered: would another time suit you better?"
    " Change it in /settings.",
    "big_week": "A big week of training: keep up the stretches after each session, and take an"
    " easy day.",
    "keep_going": "You did most of what came in — keep the rhythm next week.",
    "start_small": "Next week, try to say ✅ to one nudge a day: small steps build the streak.",
}


def weekly_summary(stats: Stats, week: Bucket, unit: str, idea: Suggestion) -> str:
    """Sunday's message: the week in three lines, then one idea for the next."""
    a = week.answers
    offered = a.total()
    distance = (
        ", ".join(f"{_ICONS[s]} {format_distance(week.km[s], unit)}" for s in stats.sports)
        or "no rides or runs logged"
    )
    return "\n".join(
        [
            "🗓 <b>Your week</b>",
            f"✅ {a['done']} of {offered} reminders done, {_minutes(week.mobility_min)} of"
            " mobility.",
            f"🔥 Streak: {stats.streak} (best {stats.best_streak}).",
            f"📏 Distance: {distance}.",
            "",
            f"💡 {_SUGGESTIONS[idea]}",
        ]
    )


# --- the chart's words ----------------------------------------------------------------------

_CHART_ANSWERS = {
    "done": "Done",
    "snoozed": "Snoozed",
    "skipped": "Skipped",
    "ignored": "No answer",
}
_CHART_SPORTS = {"ride": "Riding", "run": "Running"}


def chart_answer(answer: str) -> str:
    """The legend entry of an answer's bars."""
    return _CHART_ANSWERS[answer]


def chart_sport(sport: str) -> str:
    """The legend entry of a sport's distance bars."""
    return _CHART_SPORTS[sport]


def chart_usual() -> str:
    """The legend entry of the usual-distance marks."""
    return "Usual"


def chart_reminders_title(streak: int, best: int) -> str:
    return f"Reminders — streak {streak} days (best {best})"


def chart_distance_title(unit: str) -> str:
    return f"Distance ({unit})"


def not_enough() -> str:
    return "Nothing to show yet — your stats fill up as reminders come in. Try /reminders."


def weekly_toggle(on: bool) -> str:
    return f"🗓 Weekly summary: {'on' if on else 'off'}"


def weekly_switched(on: bool) -> str:
    if on:
        return "Weekly summary on: it comes on Sundays at your routine time, with a chart."
    return (
        "Weekly summary off. Switch it back on in /settings whenever you like;"
        " /stats works any time."
    )
