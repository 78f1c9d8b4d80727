"""Each profile field is one descriptor: asking, parsing, describing, loading and storing."""

from datetime import UTC, datetime, time

import pytest

from bot.services import profile
from bot.services.profile import flow
from bot.services.profile.fields import Column, Draft, Invalid, Step
from db.models import User

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def _user(**overrides: object) -> User:
    values: dict[str, object] = {
        "roles": "cyclist,desk,runner", "timezone": "America/Denver", "work_days": "mon,wed,fri",
        "work_start": time(22), "work_end": time(6),
        "work_hours_by_day": {"fri": ["22:00", "04:00"]},
        "lunch_start": time(1), "lunch_end": time(1, 30), "break_every": 75,
        "ride_km_week": 123.4, "run_km_week": 32.19, "distance_unit": "mi",
        "routine_at": time(7, 15),
        "quiet_start": time(21), "quiet_end": time(8), "post_activity_delay": 30,
        "reminders_on": True, "weekly_summary": True,
    }  # fmt: skip
    values.update(overrides)
    return User(**values)


def _blank() -> User:
    return _user(roles="", timezone=None, work_days="", work_start=time(9), work_end=time(17),
                 work_hours_by_day=None, lunch_start=None, lunch_end=None, break_every=45,
                 ride_km_week=0.0, run_km_week=0.0, distance_unit="km", routine_at=time(18, 30),
                 quiet_start=None, quiet_end=None, post_activity_delay=0)  # fmt: skip


def _columns(user: User) -> dict[str, object]:
    names = [column.name for step in profile.ALL_STEPS for column in step.columns]
    return {name: getattr(user, name) for name in names}


def test_a_saved_profile_survives_a_round_trip_through_a_draft() -> None:
    saved, copy = _user(), _blank()
    draft = profile.draft_from_user(saved)
    profile.apply_draft(copy, draft)
    assert _columns(copy) == _columns(saved)
    assert profile.draft_from_user(copy) == draft


@pytest.mark.parametrize("step", profile.ALL_STEPS, ids=lambda step: step.key)
def test_each_field_loads_and_stores_its_own_columns(step: Step) -> None:
    saved, copy = _user(), _blank()
    step.store(copy, step.load(saved))
    for column in step.columns:
        assert getattr(copy, column.name) == getattr(saved, column.name)
    untouched = _blank()
    step.store(untouched, {})
    assert _columns(untouched) == _columns(_blank())


@pytest.mark.parametrize("step", profile.ALL_STEPS, ids=lambda step: step.key)
def test_each_field_is_asked_and_described(step: Step) -> None:
    draft = profile.draft_from_user(_user())
    assert step.title and step.question(draft).strip()
    assert all(label and value for row in step.buttons(draft) for label, value in row)
    assert step.describe(draft)


def test_every_field_is_offered_in_settings_once() -> None:
    keys = [step.key for step in profile.SETTINGS_MENU]
    assert sorted(keys) == sorted(profile.STEP_BY_KEY) and len(keys) == len(set(keys))


def _parse_switch(text: str, _draft: Draft) -> Draft | Invalid:
    if text.strip().lower() in ("on", "off"):
        return {"weekly_summary": text.strip().lower() == "on"}
    return Invalid("Tap <i>on</i> or <i>off</i>.")


# A setting that isn't in the table, on a column the profile has: one entry is all it takes.
WEEKLY = Step(
    "weekly_summary",
    "Weekly summary",
    lambda d: True,
    question=lambda d: "<b>A summary on Sundays?</b>",
    buttons=lambda d: [[("On", "on"), ("Off", "off")]],
    parse=_parse_switch,
    describe=lambda d: "on" if d["weekly_summary"] else "off",
    columns=(Column("weekly_summary", store=bool),),
    summary=lambda d, _now: f"<b>Weekly summary:</b> {'on' if d['weekly_summary'] else 'off'}",
)


def test_a_new_descriptor_drives_asking_parsing_describing_loading_and_storing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(flow, "STEPS", (*profile.STEPS, WEEKLY))
    monkeypatch.setattr(flow, "ALL_STEPS", (*profile.ALL_STEPS, WEEKLY))
    user = _user(weekly_summary=True)
    draft = profile.draft_from_user(user)
    assert draft["weekly_summary"] is True  # loaded
    assert flow.next_onboarding_step(draft, "routine_at") is WEEKLY  # asked after the others
    assert flow.onboarding_position(draft, "weekly_summary") == (10, 10)
    refused = profile.answer(WEEKLY, "maybe", draft)
    assert isinstance(refused, Invalid) and "on" in refused.message
    answered = profile.answer(WEEKLY, "off", draft)  # parsed
    assert not isinstance(answered, Invalid)
    assert WEEKLY.describe(answered) == "off"  # described
    profile.apply_draft(user, answered)  # stored
    assert user.weekly_summary is False
    assert profile.profile_summary(user, NOW).endswith("<b>Weekly summary:</b> off")
