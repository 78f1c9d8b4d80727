"""/pain as use cases: typed questions answered from the rule file, or a short dialog.

Red flags always win: a warning sign in the text or a "yes" to a safety question ends the
dialog with the level's advice (emergency, same day) and no exercises. A warning sign mentioned
with doubt ("not sure if I hit my head") gets one yes/no question first; one asked about
hypothetically gets an explanation of when to seek care. Every answer names when to see a
professional; the area the user reported is spared by their reminders until it feels better.
The message text itself is never stored: only the area, the rule id and the time.

Nothing here knows Telegram: each use case moves the dialog along on the user row, records what
is to be recorded and returns a `PainReply` saying what to show; the handler renders it.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.emergency import emergency_number
from bot.content.matcher import Match, SafetyAnswers, match_pain
from bot.content.pain_model import Level, PainRule, PainRules, SafetyQuestion
from bot.content.pain_rules import load_pain_rules
from bot.content.vocabulary import PAIN_AREAS
from bot.dialog_state import DialogState, close_dialog, dialog_state, in_dialog, open_dialog
from db.models import User
from db.repo.pain import report_pain, resolve_pain

DIALOG = "pain"
CONFIRM = "confirm"  # the dialog stage of a yes/no follow-up to a doubtful warning sign
MAX_QUERY = 4096  # Telegram's limit: every word is read for warning signs
_YES = {"yes", "y", "yeah", "yep", "yup", "ja", "si", "sí", "oui", "true", "👍"}
_NO = {"no", "n", "nope", "nah", "nein", "non", "false", "👎"}


class Step(Enum):
    """What to show the user."""

    SETUP_PENDING = "setup_pending"  # /pain alone mid-setup: the setup's question again
    AREAS = "areas"  # where does it hurt? (area buttons)
    NO_MATCH = "no_match"  # an honest "no answer for that" (and the area buttons)
    RED_FLAG = "red_flag"  # the level's advice and the emergency number, no exercises
    INFO = "info"  # when to seek care, for a warning sign asked about hypothetically
    CONFIRM = "confirm"  # one yes/no question about a doubtful warning sign
    ANSWER = "answer"  # a topic's answer (other topics as buttons)
    SAFETY_QUESTION = "safety_question"  # the next safety question, yes/no
    DESCRIBE = "describe"  # ask for a description of the pain
    YES_OR_NO = "yes_or_no"  # a typed answer that is neither
    STALE = "stale"  # a button that no longer applies: refused, nothing changed
    LOST = "lost"  # the question's answers are gone: it counts as answered
    RESOLVED = "resolved"  # the area feels better; its moves are back


@dataclass(frozen=True)
class PainReply:
    """What a /pain step comes to.

    `rule` is the answer's rule (or the doubtful warning sign, for CONFIRM); `level` the level
    whose text to show; `moves` whether the answer lists exercises; `spared` the area reminders
    now spare (named in the answer); `area` the area reported (RED_FLAG), chosen or resolved;
    `query` the text that found nothing; `recorded` whether a pain report was stored.
    """

    step: Step
    rule: PainRule | None = None
    level: Level | None = None
    alternatives: tuple[PainRule, ...] = ()
    moves: bool = False
    spared: str | None = None
    area: str | None = None
    query: str = ""
    emergency_number: str | None = None
    question: SafetyQuestion | None = None
    number: int = 0
    total: int = 0
    recorded: bool = False


def rules() -> PainRules:
    return load_pain_rules()


def in_pain_dialog(user: User) -> bool:
    return in_dialog(user, DIALOG)


def yes_or_no(text: str) -> bool | None:
    """A typed yes (True) or no (False); None for anything else."""
    word = text.strip().lower().strip(".!")
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None


async def ask_about_pain(session: AsyncSession, user: User, text: str, now: datetime) -> PainReply:
    """`/pain <words>` answers at once; `/pain` alone starts the area buttons."""
    text = text[:MAX_QUERY]
    in_setup = bool(user.dialog) and not in_pain_dialog(user)
    if not text.strip():
        if in_setup:
            return PainReply(Step.SETUP_PENDING)
        open_dialog(user, DIALOG, "area", {})
        return PainReply(Step.AREAS)
    if not in_setup:  # a typed question mid-setup is answered without losing the setup
        close_dialog(user)
    found = match_pain(text, rules(), roles=user.role_set)
    return await _answer(session, user, found, text, None, now)


def choose_area(user: User, area: str) -> PainReply:
    """An area button: ask the safety questions next. STALE outside the pain dialog."""
    if area not in PAIN_AREAS or (user.dialog and not in_pain_dialog(user)):
        return PainReply(Step.STALE)
    user.dialog_data = {"area": area, "answers": {}}
    question = _next_question(user)
    assert question is not None  # the rule file has two or three safety questions
    return question


async def answer_question(
    session: AsyncSession, user: User, question_id: str, yes: bool, now: datetime
) -> PainReply:
    """A yes/no button, for the safety question (or `CONFIRM`) open now; STALE otherwise."""
    if dialog_state(user) != DialogState(DIALOG, question_id):
        return PainReply(Step.STALE)
    return await _take(session, user, question_id, yes, now)


async def answer_typed(session: AsyncSession, user: User, text: str, now: datetime) -> PainReply:
    """Typed follow-ups: yes/no for a safety question, or a description of the pain."""
    state = dialog_state(user)
    stage = state.stage if state is not None else ""
    if stage == CONFIRM or stage in {q.id for q in rules().safety_questions}:
        yes = yes_or_no(text)
        if yes is not None:
            return await _take(session, user, stage, yes, now)
        found = match_pain(text[:MAX_QUERY], rules(), roles=user.role_set)
        if found.kind == "red_flag":  # a warning sign typed mid-dialog still wins
            area = user.dialog_data.get("area")
            close_dialog(user)
            return await _answer(session, user, found, text, area, now)
        return PainReply(Step.YES_OR_NO)
    area = user.dialog_data.get("area")
    answers = user.dialog_data.get("answers", {})
    close_dialog(user)
    found = match_pain(
        text[:MAX_QUERY],
        rules(),
        area=area,
        answers=SafetyAnswers(**answers),
        roles=user.role_set,
    )
    return await _answer(session, user, found, text[:MAX_QUERY], area, now)


async def other_topic(session: AsyncSession, user: User, rule_id: str, now: datetime) -> PainReply:
    """The answer for one of the other topics offered as buttons; STALE for an unknown rule or
    a warning sign (never answered from a button)."""
    rule = rules().by_id(rule_id)
    if rule is None or rule.red_flag:
        return PainReply(Step.STALE)
    return await _topic(session, user, rule, (), rule.areas[0], now)


async def feels_better(session: AsyncSession, user: User, area: str, now: datetime) -> PainReply:
    """The area is fine again, so its moves come back; STALE for an unknown area."""
    if area not in PAIN_AREAS:
        return PainReply(Step.STALE)
    await resolve_pain(session, user.id, area, now)
    return PainReply(Step.RESOLVED, area=area)


async def _answer(
    session: AsyncSession,
    user: User,
    found: Match,
    query: str,
    area: str | None,
    now: datetime,
) -> PainReply:
    """The reply to a match: red flag, topic (+ other topics) or an honest no."""
    if found.kind == "no_match" or found.rule is None:
        if not user.dialog or in_pain_dialog(user):  # never drop an unfinished setup
            open_dialog(user, DIALOG, "area", {})
        return PainReply(Step.NO_MATCH, query=query)
    rule = found.rule
    spared = area or rule.areas[0]
    number = emergency_number(user.timezone, user.language_code)
    if found.kind == "red_flag":
        await report_pain(session, user.id, spared, rule.id, True, now)
        return PainReply(
            Step.RED_FLAG, rule, rule.level, area=spared, emergency_number=number, recorded=True
        )
    if found.kind == "info":
        return PainReply(Step.INFO, rule, rule.level, emergency_number=number)
    if found.kind == "ask":
        return _ask_to_confirm(user, found, area)
    return await _topic(session, user, rule, found.alternatives, spared, now, soon=found.soon)


async def _topic(
    session: AsyncSession,
    user: User,
    rule: PainRule,
    alternatives: tuple[PainRule, ...],
    area: str,
    now: datetime,
    *,
    soon: bool = False,
) -> PainReply:
    """A topic's answer; `soon` when it has gone on for weeks (no moves, book a GP or physio).
    A rule that spares its area records the report."""
    shown: Level = "soon" if soon and rule.level == "self_care" else rule.level
    spared = area if rule.spare_area else None
    if rule.spare_area:
        await report_pain(session, user.id, area, rule.id, False, now)
    return PainReply(
        Step.ANSWER,
        rule,
        shown,
        alternatives=alternatives,
        moves=shown == "self_care",
        spared=spared,
        recorded=rule.spare_area,
    )


def _ask_to_confirm(user: User, found: Match, area: str | None) -> PainReply:
    """One yes/no question about a warning sign the user wasn't sure of. Only rule ids are kept
    for the answer, never the message."""
    assert found.rule is not None and found.rule.ask is not None
    if not user.dialog or in_pain_dialog(user):  # a setup in progress keeps its place
        then = found.then.id if found.then else None
        open_dialog(user, DIALOG, CONFIRM, {"warning": found.rule.id, "then": then, "area": area})
    return PainReply(Step.CONFIRM, found.rule)


def _next_question(user: User) -> PainReply | None:
    """Ask the first unanswered safety question; None when all are answered."""
    questions = rules().safety_questions
    answers: dict[str, bool] = user.dialog_data.get("answers", {})
    for number, question in enumerate(questions, start=1):
        if question.id not in answers:
            open_dialog(user, DIALOG, question.id)
            return PainReply(
                Step.SAFETY_QUESTION, question=question, number=number, total=len(questions)
            )
    return None


async def _take(
    session: AsyncSession, user: User, question_id: str, yes: bool, now: datetime
) -> PainReply:
    if question_id == CONFIRM:
        return await _take_confirmation(session, user, yes, now)
    return await _take_safety_answer(session, user, question_id, yes, now)


async def _take_confirmation(
    session: AsyncSession, user: User, yes: bool, now: datetime
) -> PainReply:
    """ "Yes": the warning answer. "No": what the message matched besides, if anything (a
    surer, less urgent warning sign stays a warning answer)."""
    data = user.dialog_data
    close_dialog(user)
    warning = rules().by_id(str(data.get("warning")))
    then = rules().by_id(str(data.get("then"))) if data.get("then") else None
    area = data.get("area")
    if warning is None:
        return PainReply(Step.LOST)
    if yes:
        found = Match("red_flag", warning)
    elif then is not None:
        found = Match("red_flag" if then.red_flag else "rule", then)
    else:
        found = Match("no_match")
    return await _answer(session, user, found, "", area, now)


async def _take_safety_answer(
    session: AsyncSession, user: User, question_id: str, yes: bool, now: datetime
) -> PainReply:
    """A "yes" is a red flag at once; after the last "no", answer for the area."""
    area = user.dialog_data.get("area")
    answers = {**user.dialog_data.get("answers", {}), question_id: yes}
    user.dialog_data = {"area": area, "answers": answers}
    safety = SafetyAnswers(**answers)
    if not yes:
        question = _next_question(user)
        if question is not None:
            return question
    close_dialog(user)
    if not yes and area in (None, "other"):
        open_dialog(user, DIALOG, "describe", {"answers": answers})
        return PainReply(Step.DESCRIBE)
    found = match_pain("", rules(), area=area, answers=safety)
    return await _answer(session, user, found, "", area, now)
