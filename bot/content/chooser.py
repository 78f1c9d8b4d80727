"""Choose a user's routine from the library and their week: pure and deterministic.

The same inputs always give the same routine, so a reminder can be re-rendered after a restart,
and tests can pin exact behaviour. Variety comes from the day and a per-user seed instead of a
global random state.
"""

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from bot.content.library import (
    AFTER_ACTIVITY_KINDS,
    ContentError,
    Exercise,
    Library,
    RoutineTemplate,
)
from bot.content.vocabulary import PAIN_AREAS, ROLES, PainArea, Role

Activity = Literal["ride", "run"]
ACTIVITY_ROLE: Final[dict[Activity, Role]] = {"ride": "cyclist", "run": "runner"}
MIN_EXERCISES: Final = 3
# Weekly distance this far above the user's usual earns the mileage boost.
MILEAGE_BOOST_RATIO: Final = 1.2
# Moves the boost adds on top of the day's routine (which is trimmed to make room).
BOOST_EXTRA_MOVES: Final = 2
# A sitting day is heavy from 5 hours on, and only when it is also 20 % above the user's usual.
HEAVY_SITTING_MINUTES: Final = 300
HEAVY_SITTING_RATIO: Final = 1.2
KM_PER_MILE: Final = 1.609344
Unit = Literal["km", "mi"]
# Cool-downs grow from their shortest at the first distance to their longest at the second.
COOL_DOWN_KM: Final[dict[Activity, tuple[float, float]]] = {
    "ride": (20.0, 100.0),
    "run": (5.0, 21.0),
}


@dataclass(frozen=True)
class Load:
    """What the user's week looks like, as far as the chooser cares. "This week" is the
    user's local Monday to today, as /week counts it."""

    ride_km_this_week: float = 0.0
    run_km_this_week: float = 0.0
    usual_ride_km_week: float = 0.0
    usual_run_km_week: float = 0.0
    sitting_minutes_today: int = 0
    usual_sitting_minutes: int = 0


@dataclass(frozen=True)
class RoutineItem:
    """One move of a routine with its dose spelled out for the user."""

    exercise: Exercise
    dose: str


@dataclass(frozen=True)
class Routine:
    """A routine ready to render; `sore_areas` are the pain areas behind `skipped_for_pain`."""

    template_id: str
    title: str
    why: str
    items: tuple[RoutineItem, ...]
    minutes: float
    skipped_for_pain: tuple[str, ...]
    sore_areas: tuple[PainArea, ...] = ()


@dataclass(frozen=True)
class _Surplus:
    activity: Activity
    km: float
    percent: int


def choose_daily_routine(
    lib: Library,
    roles: frozenset[str],
    load: Load,
    *,
    day: date,
    seed: int,
    avoid: frozenset[str] = frozenset(),
    recent: Sequence[str] = (),
    unit: Unit = "km",
) -> Routine:
    """Today's routine: by role, longer after a big week, walk-first after a long sitting day.

    `unit` is the user's: every distance the routine mentions is said in it."""
    roles = _checked_roles(roles)
    heavy = _heavy_sitting(load)
    base = lib.template_of_kind("sitting_heavy") if heavy else _daily_template(lib, roles)
    builder = _Builder(lib, seed=seed, shift=day.toordinal(), avoid=avoid, recent=recent)
    surplus = _surplus(load)
    if not surplus:
        builder.fill(base, roles)
        builder.top_up(base)
        why = _sitting_why(load) if heavy else base.purpose
        return builder.routine(base, why)
    boost = lib.template_of_kind("mileage_boost")
    builder.fill(base, roles, max_items=boost.max_exercises - BOOST_EXTRA_MOVES)
    builder.fill(boost, frozenset(ACTIVITY_ROLE[s.activity] for s in surplus))
    builder.top_up(boost)
    return builder.routine(boost, _boost_why(surplus[0], unit))


def choose_break_move(
    lib: Library, roles: frozenset[str], *, seed: int, avoid: frozenset[str] = frozenset()
) -> Exercise:
    """One short move for a sitting-break nudge: it finds people at work, so seated or standing."""
    roles = _checked_roles(roles)
    safe = sorted(
        (e for e in lib.exercise_list if e.fits_a_desk and e.is_safe(avoid)), key=lambda e: e.id
    )
    pool = [e for e in safe if roles.intersection(e.suits)] or safe
    if not pool:
        raise ContentError(["no desk_ok exercise is safe for every avoided area"])
    return random.Random(f"break:{seed}").choice(pool)


def post_activity_routine(
    lib: Library,
    activity: Activity,
    distance_km: float,
    *,
    seed: int,
    load: Load = Load(),
    avoid: frozenset[str] = frozenset(),
    unit: Unit = "km",
) -> Routine:
    """A cool-down that grows with the distance, and is full length after a big week."""
    template = lib.template_of_kind("post_ride" if activity == "ride" else "post_run")
    surplus = [s for s in _surplus(load) if s.activity == activity]
    short_km, long_km = COOL_DOWN_KM[activity]
    share = 1.0 if surplus else min(max((distance_km - short_km) / (long_km - short_km), 0.0), 1.0)
    enough = template.min_minutes + share * (template.max_minutes - template.min_minutes)
    builder = _Builder(lib, seed=seed, shift=0, avoid=avoid)
    builder.fill(template, frozenset({ACTIVITY_ROLE[activity]}), enough=enough)
    builder.top_up(template)
    return builder.routine(template, _cool_down_why(activity, distance_km, surplus, unit))


def milestone_routine(
    lib: Library,
    activity: Activity,
    milestone: int,
    *,
    seed: int,
    avoid: frozenset[str] = frozenset(),
    unit: Unit = "km",
) -> Routine:
    """A longer hip mobility session to mark a distance milestone (counted in `unit`)."""
    template = lib.template_of_kind("milestone")
    builder = _Builder(lib, seed=seed, shift=0, avoid=avoid)
    builder.fill(template, frozenset({ACTIVITY_ROLE[activity]}))
    builder.top_up(template)
    verb = "ridden" if activity == "ride" else "run"
    why = f"You've {verb} {milestone:,} {unit} — mark it with a longer, unhurried hip session."
    return builder.routine(template, why)


class _Builder:
    """Collects the moves of one routine, honouring pain areas, recent moves and time limits."""

    def __init__(
        self,
        lib: Library,
        *,
        seed: int,
        shift: int,
        avoid: frozenset[str],
        recent: Sequence[str] = (),
    ) -> None:
        self._lib = lib
        self._seed = seed
        self._shift = shift
        self._avoid = avoid
        self._recent = frozenset(recent)
        self._picked: list[Exercise] = []
        self._skipped: list[Exercise] = []
        self._minutes: float = 0  # what sum() of no moves gives
        self._rng: random.Random | None = None

    @property
    def minutes(self) -> float:
        return self._minutes

    def _pick(self, exercise: Exercise) -> None:
        self._picked.append(exercise)
        self._minutes = sum(e.minutes for e in self._picked)  # as summed before: same floats

    def fill(
        self,
        template: RoutineTemplate,
        roles: frozenset[str],
        *,
        enough: float = math.inf,
        max_items: int | None = None,
    ) -> None:
        """One pick per slot in order, until the template's limits or `enough` minutes."""
        limit = min(template.max_exercises, max_items or template.max_exercises)
        for index, slot in enumerate(template.slots):
            count = len(self._picked)
            if count >= limit or (self._minutes >= enough and count >= MIN_EXERCISES):
                return
            if slot.applies_to(roles):
                order = self._lib.slot_order(template, index, roles)
                pool = self._shuffled(template, index, list(order))
                self._take(pool, template, roles, room=template.max_minutes - self._minutes)

    def top_up(self, template: RoutineTemplate) -> None:
        """Add gentle fallback moves until the routine has 3 moves and the template's minimum."""
        while len(self._picked) < template.max_exercises and (
            len(self._picked) < MIN_EXERCISES or self.minutes < template.min_minutes
        ):
            extra = self._first(self._fallback(template, room=template.max_minutes - self.minutes))
            if extra is None:
                return
            self._pick(extra)

    def routine(self, template: RoutineTemplate, why: str) -> Routine:
        skipped = tuple(dict.fromkeys(e.name for e in self._skipped))
        sore = tuple(
            area
            for area in PAIN_AREAS
            if area in self._avoid and any(area in e.loads for e in self._skipped)
        )
        return Routine(
            template_id=template.id,
            title=template.title,
            why=why,
            items=tuple(RoutineItem(e, e.dose.text) for e in self._picked),
            minutes=self.minutes,
            skipped_for_pain=skipped,
            sore_areas=sore,
        )

    def _take(
        self, pool: list[Exercise], template: RoutineTemplate, roles: frozenset[str], room: float
    ) -> None:
        """Pick from a slot; a pick that loads a sore area is named and swapped for a gentle one."""
        open_moves = self._open(pool, room)
        natural = self._first(open_moves)
        if natural is None:
            return
        if natural.is_safe(self._avoid):
            self._pick(natural)
            return
        self._skipped.append(natural)
        replacement = (
            self._first([e for e in open_moves if self._easy(e)])
            or self._first(self._alternatives(natural, template, roles, room))
            or self._first(self._fallback(template, room))
        )
        if replacement is not None:
            self._pick(replacement)

    def _alternatives(
        self, skipped: Exercise, template: RoutineTemplate, roles: frozenset[str], room: float
    ) -> list[Exercise]:
        """Gentle, safe moves sharing the most targets with the one left out."""
        after_activity = template.kind in AFTER_ACTIVITY_KINDS
        pool = [
            e
            for e in self._open(self._lib.exercise_list, room)
            if self._easy(e)
            and set(e.targets).intersection(skipped.targets)
            and roles.intersection(e.suits)
            and (e.after_activity_ok or not after_activity)
        ]
        shuffled = self._rotated(template, -1, pool)
        return sorted(shuffled, key=lambda e: -len(set(e.targets).intersection(skipped.targets)))

    def _fallback(self, template: RoutineTemplate, room: float) -> list[Exercise]:
        """The library's gentle whole-body moves that are still open and safe."""
        fallback = self._lib.template_of_kind("fallback")
        after_activity = template.kind in AFTER_ACTIVITY_KINDS
        moves = list(
            dict.fromkeys(
                self._lib.exercises[i]
                for slot in fallback.slots
                for i in slot.exercises
                if i in self._lib.exercises
            )
        )
        return [
            e
            for e in self._open(moves, room)
            if self._easy(e) and (e.after_activity_ok or not after_activity)
        ]

    def _open(self, pool: Sequence[Exercise], room: float) -> list[Exercise]:
        taken = {e.id for e in self._picked}
        return [e for e in pool if e.id not in taken and e.minutes <= room + 1e-9]

    def _easy(self, exercise: Exercise) -> bool:
        return exercise.intensity == "gentle" and exercise.is_safe(self._avoid)

    def _first(self, moves: list[Exercise]) -> Exercise | None:
        """The first move not done recently, or the first at all when every one was."""
        fresh = (e for e in moves if e.id not in self._recent)
        return next(fresh, None) or next(iter(moves), None)

    def _rotated(
        self, template: RoutineTemplate, index: int, pool: list[Exercise]
    ) -> list[Exercise]:
        """The slot's moves in a per-user order, rotated by one step each day."""
        return self._shuffled(template, index, sorted(pool, key=lambda e: e.id))

    def _shuffled(
        self, template: RoutineTemplate, index: int, order: list[Exercise]
    ) -> list[Exercise]:
        """`order` (sorted by id) shuffled by this user's seed, then rotated by the day.

        One generator per builder, seeded afresh per slot: the same sequence as a new
        `random.Random` per slot, without building one each time."""
        seed = f"{self._seed}:{template.id}:{index}"
        if self._rng is None:
            self._rng = random.Random(seed)
        else:
            self._rng.seed(seed)
        self._rng.shuffle(order)
        if not order:
            return order
        start = (self._shift + index) % len(order)
        return order[start:] + order[:start]


def _checked_roles(roles: frozenset[str]) -> frozenset[str]:
    """The user's roles; no roles yet means a bit of everything."""
    unknown = roles.difference(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    return roles or frozenset(ROLES)


def _daily_template(lib: Library, roles: frozenset[str]) -> RoutineTemplate:
    template = lib.daily_template(roles)
    if template is None:
        raise ContentError([f"no daily routine serves {'+'.join(sorted(roles))}"])
    return template


def _heavy_sitting(load: Load) -> bool:
    today = load.sitting_minutes_today
    above_usual = today >= load.usual_sitting_minutes * HEAVY_SITTING_RATIO
    return today >= HEAVY_SITTING_MINUTES and above_usual


def _surplus(load: Load) -> list[_Surplus]:
    """Activities clearly above the user's usual weekly distance, biggest jump first."""
    weeks: tuple[tuple[Activity, float, float], ...] = (
        ("ride", load.ride_km_this_week, load.usual_ride_km_week),
        ("run", load.run_km_this_week, load.usual_run_km_week),
    )
    found = [
        _Surplus(activity, km, round((km / usual - 1) * 100))
        for activity, km, usual in weeks
        if usual > 0 and km >= usual * MILEAGE_BOOST_RATIO
    ]
    return sorted(found, key=lambda s: -s.percent)


def _distance(km: float, unit: Unit) -> str:
    """`48 km` or `30 mi`: whole numbers from 10 on, one decimal below."""
    value = km / KM_PER_MILE if unit == "mi" else km
    shown = f"{value:,.0f}" if value >= 10 else f"{value:.1f}".removesuffix(".0")
    return f"{shown} {unit}"


def _hours(minutes: int) -> str:
    return f"{round(minutes / 30) / 2:g}"


def _sitting_why(load: Load) -> str:
    hours = _hours(load.sitting_minutes_today)
    more = ", more than usual" if load.usual_sitting_minutes else ""
    return f"You've sat about {hours} hours today{more}: a walk first, then hips, chest and spine."


def _boost_why(surplus: _Surplus, unit: Unit) -> str:
    if surplus.activity == "ride":
        done, body = "rode", "your hips"
    else:
        done, body = "ran", "your calves and hips"
    return (
        f"You {done} {_distance(surplus.km, unit)} this week (since Monday),"
        f" {surplus.percent} % above your usual"
        f" — a few extra minutes for {body} today."
    )


def _cool_down_why(
    activity: Activity, distance_km: float, surplus: list[_Surplus], unit: Unit
) -> str:
    noun = "ride" if activity == "ride" else "run"
    if surplus:
        return (
            f"Good {noun}: {_distance(distance_km, unit)}, and your week (since Monday) is"
            f" {surplus[0].percent} % above usual, so today's cool-down is the full one."
        )
    body = "hips and back" if activity == "ride" else "calves and hips"
    return (
        f"Good {noun}: {_distance(distance_km, unit)}."
        f" A few easy minutes now keep your {body} supple."
    )
