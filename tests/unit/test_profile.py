"""The onboarding path depends on who the user is; drafts become profiles unchanged."""

from datetime import time

from bot.services.profile import (
    STEP_BY_KEY,
    Invalid,
    answer,
    apply_draft,
    draft_from_user,
    next_onboarding_step,
)
from db.models import User


def _path(draft: dict[str, object]) -> list[str]:
    keys, step = [], next_onboarding_step(draft, None)
    while step is not None:
        keys.append(step.key)
        step = next_onboarding_step(draft, step.key)
    return keys


def test_desk_worker_is_asked_about_work_not_mileage() -> None:
    assert _path({"roles": ["desk"]}) == [
        "roles", "timezone", "work_days", "work_hours", "break_every", "routine_at",
    ]  # fmt: skip


def test_cyclist_and_runner_are_asked_both_distances() -> None:
    assert _path({"roles": ["cyclist", "runner"]}) == [
        "roles", "timezone", "distance_unit", "ride_km_week", "run_km_week", "routine_at",
    ]  # fmt: skip


def test_invalid_answer_leaves_draft_untouched() -> None:
    draft = {"roles": ["desk"]}
    result = answer(STEP_BY_KEY["timezone"], "Mars/Olympus", draft)
    assert isinstance(result, Invalid)
    assert draft == {"roles": ["desk"]}
    assert isinstance(answer(STEP_BY_KEY["routine_at"], "x" * 5000, draft), Invalid)


def test_miles_are_stored_as_km() -> None:
    result = answer(STEP_BY_KEY["ride_km_week"], "100", {"distance_unit": "mi"})
    assert not isinstance(result, Invalid)
    assert result["ride_km_week"] == 160.93


def test_draft_round_trip() -> None:
    user = User(roles="", work_days="mon,tue,wed,thu,fri", work_start=time(9), work_end=time(17),
                break_every=45, ride_km_week=0.0, run_km_week=0.0, distance_unit="km",
                routine_at=time(18, 30), post_activity_delay=0)  # fmt: skip
    draft = {
        "roles": ["desk", "runner"], "timezone": "Asia/Kolkata", "work_days": ["mon", "wed"],
        "work_start": "08:30", "work_end": "16:00", "break_every": 60, "distance_unit": "mi",
        "run_km_week": 32.19, "routine_at": "07:15", "quiet_start": "22:00", "quiet_end": "07:00",
    }  # fmt: skip
    apply_draft(user, draft)
    assert user.roles == "desk,runner"
    assert user.timezone == "Asia/Kolkata"
    assert user.work_start == time(8, 30) and user.work_end == time(16)
    assert user.quiet_start == time(22) and user.quiet_end == time(7)
    again = draft_from_user(user)
    assert {k: again[k] for k in draft} == draft
