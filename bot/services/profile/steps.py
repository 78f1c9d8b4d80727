"""The profile fields, one descriptor each: adding a setting is one entry here plus its column.

Onboarding asks STEPS in order (those that apply to the user's roles); EXTRA_STEPS have sensible
defaults and are only offered in /settings.
"""

from datetime import datetime

from bot.parsing.days import DAY_NAMES
from bot.parsing.zones import COMMON_ZONES, is_valid_zone
from bot.services.profile import parsers as parse
from bot.services.profile.fields import (
    Buttons,
    Column,
    Draft,
    Step,
    clock,
    optional_clock,
    word_list,
)
from bot.texts import profile as t
from bot.texts import zones as zone_texts
from bot.texts.profile import ROLE_LABELS


def _always(_draft: Draft) -> bool:
    return True


def _is_desk(draft: Draft) -> bool:
    return "desk" in draft.get("roles", [])


def _rides(draft: Draft) -> bool:
    return "cyclist" in draft.get("roles", [])


def _runs(draft: Draft) -> bool:
    return "runner" in draft.get("roles", [])


def _trains(draft: Draft) -> bool:
    return _rides(draft) or _runs(draft)


def _unit(draft: Draft) -> str:
    return str(draft.get("distance_unit", "km"))


def _row(*values: str) -> Buttons:
    """One row of buttons that read as they are typed (`30`, `07:00`)."""
    return [[(value, value) for value in values]]


def _windows(*windows: tuple[str, str]) -> list[tuple[str, str]]:
    """Buttons for time windows: `08:00–16:00` to read, `08:00-16:00` to parse."""
    return [(t.time_range(start, end), f"{start}-{end}") for start, end in windows]


# --- roles ------------------------------------------------------------------------------------


def _roles_buttons(draft: Draft) -> Buttons:
    chosen = set(draft.get("roles", []))
    return [
        [(t.role_button(role, role in chosen), role) for role in ROLE_LABELS],
        [(t.next_button(), "next")],
    ]


# --- time zone --------------------------------------------------------------------------------


def _timezone_buttons(draft: Draft) -> Buttons:
    rows: Buttons = []
    if draft.get(parse.SUGGESTED):
        rows.append([(zone_texts.yes_label(draft[parse.SUGGESTED]), "yes")])
    if draft.get(parse.KEEP):
        rows.append([(parse.draft_keep_label(draft), "keep")])
    return [
        *rows,
        [(zone_texts.common_zone_button(zone), zone) for zone in COMMON_ZONES[:4]],
        [(zone_texts.common_zone_button(zone), zone) for zone in COMMON_ZONES[4:]],
        [(zone_texts.share_location_button(), "location")],
    ]


def _timezone_line(draft: Draft, now: datetime) -> str | None:
    return t.zone_line(draft["timezone"], now) if draft.get("timezone") else None


def _timezone_given(draft: Draft) -> bool:
    return bool(draft.get("timezone")) and is_valid_zone(draft["timezone"])


# --- work hours -------------------------------------------------------------------------------


def _work_hours(draft: Draft) -> str:
    lunch = draft.get("lunch_start"), draft.get("lunch_end")
    return t.work_hours_label(
        list(draft.get("work_days", [])),
        (draft["work_start"], draft["work_end"]),
        draft.get("work_hours_by_day") or {},
        (lunch[0], lunch[1]) if lunch[0] and lunch[1] else None,
    )


def _by_day(value: dict[str, list[str]] | None) -> dict[str, list[str]]:
    return dict(value or {})


# --- distances --------------------------------------------------------------------------------


def _distance_buttons(draft: Draft) -> Buttons:
    unit = _unit(draft)
    amounts = (0, 20, 50, 100, 200) if unit == "km" else (0, 10, 30, 60, 120)
    return [[(str(amount), f"{amount} {unit}") for amount in amounts]]


# --- quiet hours ------------------------------------------------------------------------------


def _quiet_line(draft: Draft, _now: datetime) -> str | None:
    start, end = draft.get("quiet_start"), draft.get("quiet_end")
    return t.quiet_line(start, end) if start and end else None


STEPS: tuple[Step, ...] = (
    Step(
        "roles",
        t.ROLES_TITLE,
        _always,
        question=lambda d: t.roles_question(d.get("roles", [])),
        buttons=_roles_buttons,
        parse=parse.roles,
        describe=lambda d: t.roles_value(d["roles"]),
        columns=(word_list("roles"),),
        summary=lambda d, _now: t.who_line(d["roles"]),
    ),
    Step(
        "timezone",
        t.TIMEZONE_TITLE,
        _always,
        question=lambda d: zone_texts.timezone_question(),
        buttons=_timezone_buttons,
        parse=parse.timezone,
        describe=lambda d: zone_texts.zone_label(d["timezone"]),
        columns=(Column("timezone"),),
        summary=_timezone_line,
        saved_when=_timezone_given,
    ),
    Step(
        "work_days",
        t.WORK_DAYS_TITLE,
        _is_desk,
        question=lambda d: t.work_days_question(),
        buttons=lambda d: [
            [(t.work_days_button(v), v) for v in ("mon-fri", "mon-sat", "every day")]
        ],
        parse=parse.work_days,
        describe=lambda d: t.work_days_value(d["work_days"]),
        columns=(word_list("work_days", order=DAY_NAMES),),
    ),
    Step(
        "work_hours",
        t.WORK_HOURS_TITLE,
        _is_desk,
        question=lambda d: t.work_hours_question(),
        buttons=lambda d: [
            _windows(("08:00", "16:00"), ("09:00", "17:00"), ("10:00", "18:00")),
        ],
        parse=parse.work_hours,
        describe=_work_hours,
        columns=(
            clock("work_start"),
            clock("work_end"),
            Column("work_hours_by_day", _by_day, lambda value: _by_day(value) or None),
            optional_clock("lunch_start"),
            optional_clock("lunch_end"),
        ),
        summary=lambda d, _now: t.work_line(_work_hours(d), d["break_every"]),
    ),
    Step(
        "break_every",
        t.BREAK_EVERY_TITLE,
        _is_desk,
        question=lambda d: t.break_every_question(),
        buttons=lambda d: _row("30", "45", "60", "90"),
        parse=parse.break_every,
        describe=lambda d: t.break_every_value(d["break_every"]),
        columns=(Column("break_every", store=int),),
    ),
    Step(
        "distance_unit",
        t.UNIT_TITLE,
        _trains,
        question=lambda d: t.unit_question(),
        buttons=lambda d: [[(t.unit_name(unit), unit) for unit in ("km", "mi")]],
        parse=parse.unit,
        describe=lambda d: t.unit_name(d["distance_unit"]),
        columns=(Column("distance_unit"),),
    ),
    Step(
        "ride_km_week",
        t.RIDE_TITLE,
        _rides,
        question=lambda d: t.ride_question(_unit(d)),
        buttons=_distance_buttons,
        parse=parse.weekly_distance("ride_km_week"),
        describe=lambda d: t.weekly_distance(d["ride_km_week"], _unit(d)),
        columns=(Column("ride_km_week", store=float),),
        summary=lambda d, _now: t.riding_line(d["ride_km_week"], _unit(d)),
    ),
    Step(
        "run_km_week",
        t.RUN_TITLE,
        _runs,
        question=lambda d: t.run_question(_unit(d)),
        buttons=_distance_buttons,
        parse=parse.weekly_distance("run_km_week"),
        describe=lambda d: t.weekly_distance(d["run_km_week"], _unit(d)),
        columns=(Column("run_km_week", store=float),),
        summary=lambda d, _now: t.running_line(d["run_km_week"], _unit(d)),
    ),
    Step(
        "routine_at",
        t.ROUTINE_TITLE,
        _always,
        question=lambda d: t.routine_question(),
        buttons=lambda d: _row("07:00", "12:30", "18:30", "21:00"),
        parse=parse.routine_at,
        describe=lambda d: str(d["routine_at"]),
        columns=(clock("routine_at"),),
        summary=lambda d, _now: t.routine_line(d["routine_at"]),
    ),
)

EXTRA_STEPS: tuple[Step, ...] = (
    Step(
        "quiet",
        t.QUIET_TITLE,
        _always,
        question=lambda d: t.quiet_question(),
        buttons=lambda d: [
            [
                *_windows(("22:00", "07:00"), ("21:00", "08:00")),
                (t.quiet_off_button(), "off"),
            ]
        ],
        parse=parse.quiet,
        describe=lambda d: t.quiet_value(d.get("quiet_start"), d.get("quiet_end")),
        columns=(optional_clock("quiet_start"), optional_clock("quiet_end")),
        summary=_quiet_line,
    ),
    Step(
        "post_activity_delay",
        t.POST_DELAY_TITLE,
        _trains,
        question=lambda d: t.post_delay_question(),
        buttons=lambda d: [[(t.post_delay_button(m), str(m)) for m in (0, 15, 30, 60)]],
        parse=parse.post_delay,
        describe=lambda d: t.post_delay_value(d["post_activity_delay"]),
        columns=(Column("post_activity_delay", store=int),),
    ),
)

ALL_STEPS = STEPS + EXTRA_STEPS
STEP_BY_KEY = {step.key: step for step in ALL_STEPS}

# /settings lists the fields in this order (those that apply, two a row); a field left out of
# it follows at the end, so a new setting shows up without touching this line.
_MENU_FIRST = ("roles", "timezone", "work_days", "work_hours", "break_every", "routine_at",
               "ride_km_week", "run_km_week", "distance_unit", "post_activity_delay",
               "quiet")  # fmt: skip
SETTINGS_MENU: tuple[Step, ...] = (
    *(STEP_BY_KEY[key] for key in _MENU_FIRST),
    *(step for step in ALL_STEPS if step.key not in _MENU_FIRST),
)
