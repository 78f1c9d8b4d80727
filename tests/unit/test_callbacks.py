"""The callback codec: every family round-trips, and anything else decodes to None, quietly."""

import re
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.callbacks import (
    MAX_BYTES,
    MAX_ROW_ID,
    Button,
    DeleteButton,
    ImportAction,
    ImportButton,
    LogAgainButton,
    PainAreaButton,
    PainBetterButton,
    PainSafetyButton,
    PainTopicButton,
    PauseButton,
    Prefix,
    ProfileStepButton,
    ReminderAction,
    ReminderButton,
    SettingsButton,
    SetupChoice,
    SetupResumeButton,
    StatsButton,
    UndoButton,
    YesNo,
    decode,
    decode_as,
    encode,
    pattern,
    reminder_delivery,
)
from bot.content.pain_rules import load_pain_rules
from bot.content.vocabulary import PAIN_AREAS
from bot.handlers.reminders import PAUSE_CHOICES
from bot.handlers.settings import WEEKLY
from bot.services.pain import CONFIRM
from bot.services.profile import STEP_BY_KEY
from bot.services.profile.parsers import KEEP, SUGGESTED
from bot.services.stats import PERIODS

ids = st.integers(1, MAX_ROW_ID)
names = st.from_regex(r"[a-z][a-z0-9_]{0,39}", fullmatch=True)
periods = st.from_regex(r"[1-9][0-9]?[wmy]", fullmatch=True)
answers = st.from_regex(r"[A-Za-z0-9_ ./:+,-]{1,48}", fullmatch=True)
words = st.text(max_size=61).filter(str.isprintable)

# One strategy per family, keyed by the prefix it writes.
FAMILIES: dict[Prefix, st.SearchStrategy[Button]] = {
    Prefix.REMINDER: st.builds(ReminderButton, st.sampled_from(ReminderAction), ids),
    Prefix.PAUSE: st.builds(PauseButton, words),
    Prefix.PAIN_AREA: st.builds(PainAreaButton, names),
    Prefix.PAIN_SAFETY: st.builds(PainSafetyButton, names, st.sampled_from(YesNo)),
    Prefix.PAIN_TOPIC: st.builds(PainTopicButton, names),
    Prefix.PAIN_BETTER: st.builds(PainBetterButton, names),
    Prefix.SETUP_RESUME: st.builds(SetupResumeButton, st.sampled_from(SetupChoice)),
    Prefix.PROFILE_STEP: st.builds(ProfileStepButton, names, answers),
    Prefix.SETTINGS: st.builds(SettingsButton, names),
    Prefix.LOG_AGAIN: st.builds(LogAgainButton, st.sampled_from(YesNo), ids),
    Prefix.UNDO: st.builds(UndoButton, ids),
    Prefix.DELETE: st.builds(DeleteButton, st.none() | st.integers(1, 10**18 - 1)),
    Prefix.STATS: st.builds(StatsButton, periods, periods),
    Prefix.IMPORT: st.builds(
        ImportButton,
        st.sampled_from(ImportAction),
        st.sampled_from(["gpx", "fit", "tcx"]),
        st.sampled_from([None, "ride", "run"]),
        st.integers(1, 9_999_999),
        st.integers(1, 999_999),
        st.integers(10**8, 10**11 - 1),
        st.none() | st.integers(0, 99_999),
        st.from_regex(r"[0-9a-f]{16}", fullmatch=True),
    ),
}
buttons = st.one_of(*FAMILIES.values())


def encoded(button: Button) -> str:
    """The button's data, or the example is skipped when it cannot fit in 64 bytes."""
    try:
        return encode(button)
    except ValueError:
        assume(False)
        raise


@given(buttons)
def test_every_family_round_trips(button: Button) -> None:
    data = encoded(button)
    assert button.prefix in FAMILIES and data.startswith(f"{button.prefix}:")
    assert len(data.encode()) <= MAX_BYTES
    assert decode(data) == button
    assert decode_as(data, type(button)) == button
    assert re.match(pattern(button.prefix), data)


def test_every_family_has_a_strategy() -> None:
    assert set(FAMILIES) == set(Prefix)
    assert len(set(Button.__args__)) == len(Prefix)  # type: ignore[attr-defined]


@given(st.text(max_size=80))
def test_random_text_decodes_to_none_or_to_exactly_what_we_write(data: str) -> None:
    button = decode(data)  # never raises
    assert button is None or encode(button) == data


@given(st.sampled_from(Prefix), st.text(max_size=70))
def test_forged_fields_decode_to_none_or_to_exactly_what_we_write(
    prefix: Prefix, rest: str
) -> None:
    data = f"{prefix}:{rest}"
    button = decode(data)
    assert button is None or (encode(button) == data and len(data.encode()) <= MAX_BYTES)
    delivery = reminder_delivery(data)
    assert delivery is None or 1 <= delivery <= MAX_ROW_ID


@given(buttons, st.integers(0, 70), st.text(min_size=1, max_size=3))
def test_a_tampered_button_is_never_a_different_button_of_another_length(
    button: Button, at: int, extra: str
) -> None:
    """Inserted characters give None, or a button that encodes back to the tampered data."""
    data = encoded(button)
    tampered = data[:at] + extra + data[at:]
    forged = decode(tampered)
    assert forged is None or encode(forged) == tampered


FORGED: list[Any] = [
    None, 42, b"r:done:1", "", ":", "::::", "r", "r:", "r:done", "r:done:", "r:done:0",
    "r:done:-1", "r:done:+1", "r:done:01", "r:done:²", "r:done:٣", "r:done:2147483648",
    "r:done:99999999999999999999", "r:done:1:2", "r:done:1\n", "r:explode:1", "r:sz99999:1",
    "r:sz10:", "r:back:x", "R:done:1", " r:done:1", "pz:\x00", "pz:a\nb", "pz:\u200b",
    "pz:" + "x" * 62, "pa:", "pa:<b>", "pa:Knee", "pa:9knee", "pa:" + "a" * 41, "ps:", "ps:zzz",
    "ps:trauma:maybe", "ps:trauma:yes:1", "ps::yes", "pr:", "pr:a-b", "pb:", "pb:99", "ob:",
    "ob:xyz", "ob:Continue", "p:", "p::", "p:roles:", "p:roles:<unknown>", "p:work_days:²",
    "p:Roles:desk", "p:roles:" + "a" * 49, "s:", "s:<b>", "s:a:b", "la:", "la:maybe:1",
    "la:yes:0", "la:yes:", "la:yes:1:2", "ud:", "ud:0", "ud:x", "ud:2147483648", "del:",
    "del:yes", "del:yes:", "del:yes:0", "del:yes:01", "del:yes:x", "del:no:1", "del:maybe",
    "del:yes:" + "9" * 19, "st:", "st:4w", "st:4w:12w:1y", "st:0w:4w", "st:4d:4w", "st:4w:<b>",
    "imp:", "imp:log:gr:0:3600:1700000000:120:0123456789abcdef",
    "imp:log:gr:1:0:1700000000:120:0123456789abcdef",
    "imp:log:gr:01:3600:1700000000:120:0123456789abcdef",
    "imp:log:gr:12345678:3600:1700000000:120:0123456789abcdef",
    "imp:log:gr:1:3600:17000000:120:0123456789abcdef",
    "imp:log:gr:1:3600:1700000000:00:0123456789abcdef",
    "imp:log:gr:1:3600:1700000000:120:0123456789ABCDEF",
    "imp:log:xr:1:3600:1700000000:120:0123456789abcdef",
    "imp:log:gx:1:3600:1700000000:120:0123456789abcdef",
    "imp:log:g:1:3600:1700000000:120:0123456789abcdef",
    "imp:eat:gr:1:3600:1700000000:120:0123456789abcdef",
    "imp:log:gr:1:3600:1700000000:120:0123456789abcde",
    "zz:from-an-old-version", "x" * 64, "😀" * 16, "\u200b", "\ud800",
]  # fmt: skip


@pytest.mark.parametrize("data", FORGED)
def test_forged_data_decodes_to_none(data: Any) -> None:
    assert decode(data) is None


def test_the_wire_format_is_the_one_buttons_already_sent_carry() -> None:
    assert encode(ReminderButton(ReminderAction.SNOOZE_TOMORROW, MAX_ROW_ID)) == "r:sztm:2147483647"
    assert encode(PauseButton("until monday")) == "pz:until monday"
    assert encode(ProfileStepButton("work_hours", "08:00-16:00")) == "p:work_hours:08:00-16:00"
    assert encode(PainSafetyButton("confirm", YesNo.NO)) == "ps:confirm:no"
    assert encode(LogAgainButton(YesNo.YES, 7)) == "la:yes:7"
    assert encode(UndoButton(7)) == "ud:7"
    assert encode(DeleteButton(None)) == "del:no"
    assert encode(DeleteButton(1712345678901234)) == "del:yes:1712345678901234"
    assert encode(StatsButton("12w", "4w")) == "st:12w:4w"
    pending = ImportButton(ImportAction.CHANGE_SPORT, "fit", None, 42195, 12600, 1700000000,
                           0, "0123456789abcdef")  # fmt: skip
    assert encode(pending) == "imp:chg:f-:42195:12600:1700000000:0:0123456789abcdef"


def test_too_long_data_is_refused_when_written() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        encode(PauseButton("x" * 62))


def test_a_made_up_reminder_action_still_names_its_delivery() -> None:
    assert reminder_delivery("r:explode:12") == 12
    assert reminder_delivery("r:done:abc") is None
    assert reminder_delivery("r:done") is None
    assert reminder_delivery("ud:12") is None


def test_patterns_do_not_overlap() -> None:
    for prefix in Prefix:
        for other in Prefix:
            assert (re.match(pattern(prefix), f"{other}:x") is not None) == (prefix == other)


def test_every_button_the_bot_offers_decodes() -> None:
    """The values keyboards put in buttons all pass the codec's patterns."""
    rules = load_pain_rules()
    offered: list[Button] = [
        *(button for row in PAUSE_CHOICES for _, button in row),
        *(PainAreaButton(area) for area in PAIN_AREAS),
        *(PainBetterButton(area) for area in PAIN_AREAS),
        *(PainTopicButton(rule.id) for rule in rules.rules),
        *(
            PainSafetyButton(q, a)
            for q in [CONFIRM, *(q.id for q in rules.safety_questions)]
            for a in YesNo
        ),
        *(SettingsButton(key) for key in [*STEP_BY_KEY, WEEKLY, "settings", "resume"]),
        *(StatsButton(wanted, shown) for wanted in PERIODS for shown in PERIODS),
    ]
    drafts: list[dict[str, Any]] = [
        {}, {"distance_unit": "mi"}, {SUGGESTED: "America/New_York", KEEP: "Etc/GMT-1"},
    ]  # fmt: skip
    for step in STEP_BY_KEY.values():
        for draft in drafts:
            offered += [ProfileStepButton(step.key, value)
                        for row in step.buttons(draft) for _, value in row]  # fmt: skip
    for button in offered:
        assert decode(encode(button)) == button, button
