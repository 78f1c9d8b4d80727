"""What each reminder says: the dispatcher's renderer, built on the content engine.

Recent load is looked up for the whole batch at once (two grouped queries), so rendering a
thousand reminders costs two round trips, not two thousand.
"""

import asyncio
import hashlib
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PainBetterButton, ReminderAction, ReminderButton, encode
from bot.content.chooser import (
    Load,
    Unit,
    choose_break_move,
    choose_daily_routine,
    milestone_routine,
    post_activity_routine,
)
from bot.content.library import Library
from bot.content.render import render_move_html, render_routine_html
from bot.services.charts import render_chart
from bot.services.stats import collect_stats, suggestion
from bot.texts import pain
from bot.texts import reminders as t
from bot.texts import stats as stats_texts
from db.models import User
from db.repo.reminders import Recipient, sitting_nudges_since, week_distance_by_user
from db.vocab import ROUTINES, SITTING, ReminderKind
from scheduler.dispatch import Buttons, DueItem, Rendered
from scheduler.policy import week_start

# Sore areas per user, with when they were first reported (from /pain).
AvoidLookup = Callable[
    [AsyncSession, Sequence[int], datetime], Awaitable[dict[int, dict[str, datetime]]]
]
ASK_AFTER = timedelta(days=3)  # then reminders ask whether the area may be loaded again


async def weekly_summary(session: AsyncSession, user: User, due: datetime) -> Rendered:
    """Sunday's summary: the week in three lines, one idea, and the four-week chart."""
    stats = await collect_stats(session, user, "4w", due)
    week = stats.buckets[-1]
    idea = await suggestion(session, user, week, due)
    png = await asyncio.to_thread(render_chart, stats, user.distance_unit)
    html = stats_texts.weekly_summary(stats, week, user.distance_unit, idea)
    return Rendered(html, stats_texts.period_buttons("4w"), {"suggestion": idea}, photo=png)


def reminder_buttons(delivery_id: int, kind: ReminderKind) -> Buttons:
    return [
        [
            (
                t.done_label(kind in SITTING),
                encode(ReminderButton(ReminderAction.DONE, delivery_id)),
            ),
            (t.SNOOZE, encode(ReminderButton(ReminderAction.SNOOZE, delivery_id))),
            (t.SKIP, encode(ReminderButton(ReminderAction.SKIP, delivery_id))),
        ]
    ]


def _seed(*parts: object) -> int:
    """A stable seed (Python's hash() of strings changes between runs)."""
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _local_monday(user: Recipient, due: datetime) -> date:
    """The Monday starting the user's week at `due`, on their own calendar (as /week counts)."""
    return week_start(due.astimezone(ZoneInfo(user.timezone or "UTC")).date())


def _sitting_count(payload: dict[str, Any], due: datetime) -> str:
    """A snoozed break says how long the user has now sat, counted through the snooze."""
    html = str(payload["html"])
    if "sat_since" not in payload or "every" not in payload:
        return html
    minutes = round((due - datetime.fromisoformat(payload["sat_since"])).total_seconds() / 60)
    return html.replace(t.break_header(int(payload["every"])), t.break_header(minutes), 1)


def work_minutes(user: Recipient) -> int:
    """A usual work day's sitting time: the usual window (a night shift wraps), minus lunch."""
    start = user.work_start.hour * 60 + user.work_start.minute
    end = user.work_end.hour * 60 + user.work_end.minute
    minutes = (end - start) % (24 * 60)
    if user.lunch_start and user.lunch_end:
        lunch = (user.lunch_end.hour - user.lunch_start.hour) * 60
        minutes -= lunch + user.lunch_end.minute - user.lunch_start.minute
    return max(minutes, 0)


class ReminderRenderer:
    """Turns due reminders into messages: routines, break moves, post-activity stretches."""

    def __init__(self, library: Library, avoid_lookup: AvoidLookup | None = None) -> None:
        self.library = library
        self.avoid_lookup = avoid_lookup

    async def __call__(self, session: AsyncSession, items: Sequence[DueItem]) -> list[Rendered]:
        ids = sorted({item.user.id for item in items})
        now = max(item.due for item in items)
        mondays = {item.user.id: _local_monday(item.user, item.due) for item in items}
        distance = await week_distance_by_user(session, mondays)
        nudges = await sitting_nudges_since(session, ids, now - timedelta(hours=16))
        avoid = await self.avoid_lookup(session, ids, now) if self.avoid_lookup else {}
        rendered = []
        for item in items:
            if item.reminder.kind == ReminderKind.WEEKLY:
                rendered.append(await self.weekly(session, item))
                continue
            load = Load(
                ride_km_this_week=distance.get((item.user.id, "ride"), 0.0),
                run_km_this_week=distance.get((item.user.id, "run"), 0.0),
                usual_ride_km_week=item.user.ride_km_week,
                usual_run_km_week=item.user.run_km_week,
                sitting_minutes_today=nudges.get(item.user.id, 0) * item.user.break_every,
                usual_sitting_minutes=work_minutes(item.user),
            )
            sore = avoid.get(item.user.id, {})
            message = self.render(item, load, frozenset(sore))
            ask = [area for area, since in sorted(sore.items()) if now - since >= ASK_AFTER]
            if ask and item.reminder.kind in ROUTINES:
                rows = [[(pain.pain_feels_better_label(area), encode(PainBetterButton(area)))]
                        for area in ask]  # fmt: skip
                message = Rendered(message.html, [*message.buttons, *rows], message.content)
            rendered.append(message)
        return rendered

    @staticmethod
    async def weekly(session: AsyncSession, item: DueItem) -> Rendered:
        """The summary needs the whole profile: loaded for these (weekly, rare) items only."""
        user = await session.get(User, item.user.id)
        if user is None:  # deleted since the claim: its delivery went with it, the fence says no
            return Rendered("", [])
        return await weekly_summary(session, user, item.due)

    def render(self, item: DueItem, load: Load, avoid: frozenset[str]) -> Rendered:
        user, kind, payload = item.user, item.reminder.kind, item.reminder.payload
        unit: Unit = "mi" if user.distance_unit == "mi" else "km"
        roles = user.role_set
        seed = _seed(user.id, item.due.isoformat())
        late = t.late_note(item.due, user.timezone) if item.late else ""
        if kind == ReminderKind.ROUTINE:
            day = item.due.astimezone(ZoneInfo(user.timezone or "UTC")).date()
            routine = choose_daily_routine(
                self.library, roles, load, day=day, seed=_seed(user.id), avoid=avoid, unit=unit
            )
            body = t.routine_header() + late + render_routine_html(routine)
            content = {"exercises": [i.exercise.id for i in routine.items]}
        elif kind in SITTING:
            move = choose_break_move(self.library, roles, seed=seed, avoid=avoid)
            body = t.break_header(user.break_every) + late + render_move_html(move)
            content = {"exercises": [move.id]}
        elif kind == ReminderKind.POST_ACTIVITY:
            routine = post_activity_routine(
                self.library, payload["activity"], payload["distance_km"],
                seed=seed, load=load, avoid=avoid, unit=unit,
            )  # fmt: skip
            body = late + render_routine_html(routine)
            content = {"exercises": [i.exercise.id for i in routine.items]}
        elif kind == ReminderKind.MILESTONE:
            # Rows from before milestones were counted in the user's unit hold `milestone_km`.
            milestone = payload.get("milestone", payload.get("milestone_km", 0))
            counted = payload.get("unit", "km")
            routine = milestone_routine(self.library, payload["activity"], milestone, seed=seed,
                                        avoid=avoid, unit=counted)  # fmt: skip
            body = t.milestone_header(payload["activity"], milestone, counted)
            body += late + render_routine_html(routine)
            content = {"exercises": [i.exercise.id for i in routine.items]}
        elif kind == ReminderKind.SNOOZE:
            body = t.snoozed_header() + _sitting_count(payload, item.due)
            content = {"exercises": payload.get("exercises", []), "body": payload["html"]}
            kind = ReminderKind(payload.get("of", kind))
        else:
            raise ValueError(f"unknown reminder kind {kind!r}")
        return Rendered(body, reminder_buttons(item.delivery_id, kind), content)
