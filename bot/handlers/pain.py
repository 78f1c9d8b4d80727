"""/pain: typed questions answered from the rule file, or a short button dialog.

Red flags always win: a warning sign in the text or a "yes" to a safety question ends the
dialog with the level's advice (emergency, same day) and no exercises. A warning sign mentioned
with doubt ("not sure if I hit my head") gets one yes/no question first; one asked about
hypothetically gets an explanation of when to seek care. Every answer names when to see a
professional; the area the user reported is spared by their reminders until it feels better.
The message text itself is never stored: only the area, the rule id and the time.
"""

import re

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.callbacks import (
    PainAreaButton,
    PainBetterButton,
    PainSafetyButton,
    PainTopicButton,
    Prefix,
    YesNo,
    decode_as,
    pattern,
)
from bot.content.emergency import emergency_number
from bot.content.library import load_library
from bot.content.matcher import Match, SafetyAnswers, match_pain
from bot.content.pain_model import PainRule, PainRules
from bot.content.pain_render import (
    render_answer_html,
    render_ask_html,
    render_info_html,
    render_no_match_html,
    render_red_flag_html,
)
from bot.content.pain_rules import load_pain_rules
from bot.content.vocabulary import PAIN_AREAS
from bot.context import LimberApp, LimberContext, with_user
from bot.dialogs import (
    Dialog,
    DialogState,
    close_dialog,
    dialog_state,
    in_dialog,
    open_dialog,
    register_dialog,
)
from bot.handlers import PRIVATE, profile_flow, refuse_button
from bot.texts import common
from bot.texts import pain as t
from db.models import User
from db.repo.pain import report_pain, resolve_pain

DIALOG = "pain"
_YES = {"yes", "y", "yeah", "yep", "yup", "ja", "si", "sí", "oui", "true", "👍"}
_NO = {"no", "n", "nope", "nah", "nein", "non", "false", "👎"}
MAX_QUERY = 4096  # Telegram's limit: every word is read for warning signs
_COMMAND = re.compile(r"^/\S*\s*")
CONFIRM = "confirm"  # the dialog stage of a yes/no follow-up to a doubtful warning sign


def command_text(update: Update) -> str:
    """What follows /pain, line breaks kept: a new line ends a negation ("No fever\nnumb")."""
    message = update.effective_message
    raw = message.text if message is not None and message.text else ""
    return _COMMAND.sub("", raw, count=1).strip()


def area_buttons() -> keyboards.Choices:
    labels = [(t.PAIN_AREA_LABELS[a], PainAreaButton(a)) for a in PAIN_AREAS]
    return [labels[i : i + 2] for i in range(0, len(labels), 2)]


def yes_no(question: str) -> keyboards.Choices:
    """Yes / No to a safety question (or to the doubtful warning sign, `CONFIRM`)."""
    return [[("Yes", PainSafetyButton(question, YesNo.YES)),
             ("No", PainSafetyButton(question, YesNo.NO))]]  # fmt: skip


def in_pain_dialog(user: User) -> bool:
    return in_dialog(user, DIALOG)


@with_user
async def pain(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """`/pain <words>` answers at once; `/pain` alone starts the area buttons."""
    text = command_text(update)[:MAX_QUERY]
    in_setup = bool(user.dialog) and not in_pain_dialog(user)
    if not text.strip():
        if in_setup:
            profile_flow.reask(context, user, common.in_dialog_command("pain"))
            return
        open_dialog(user, DIALOG, "area", {})
        context.reply(t.pain_area_question(), keyboards.inline(area_buttons()))
        return
    if not in_setup:  # a typed question mid-setup is answered without losing the setup
        close_dialog(user)
    found = match_pain(text, rules(), roles=user.role_set)
    await answer(context, session, user, found, text, area=None)


def rules() -> PainRules:
    return load_pain_rules()


async def answer(
    context: LimberContext,
    session: AsyncSession,
    user: User,
    found: Match,
    query: str,
    area: str | None,
) -> None:
    """Reply with the match: red flag, topic (+ other topics as buttons) or an honest no."""
    now = context.services.now()
    if found.kind == "no_match" or found.rule is None:
        context.reply(render_no_match_html(query), keyboards.inline(area_buttons()))
        if not user.dialog or in_pain_dialog(user):  # never drop an unfinished setup
            open_dialog(user, DIALOG, "area", {})
        return
    rule = found.rule
    spared = area or rule.areas[0]
    number = emergency_number(user.timezone, user.language_code)
    if found.kind == "red_flag":
        context.reply(render_red_flag_html(rule, rules().level_text(rule.level).headline, number))
        await report_pain(session, user.id, spared, rule.id, True, now)
        return
    if found.kind == "info":
        text = rules().level_text(rule.level).if_it_happens
        context.reply(render_info_html(rule, text, number))
        return
    if found.kind == "ask":
        ask_to_confirm(context, user, found, area)
        return
    context.reply(*rule_answer(rule, found.alternatives, spared, soon=found.soon))
    if rule.spare_area:
        await report_pain(session, user.id, spared, rule.id, False, now)


def ask_to_confirm(context: LimberContext, user: User, found: Match, area: str | None) -> None:
    """One yes/no question about a warning sign the user wasn't sure of. Only rule ids are kept
    for the answer, never the message."""
    assert found.rule is not None and found.rule.ask is not None
    if not user.dialog or in_pain_dialog(user):  # a setup in progress keeps its place
        then = found.then.id if found.then else None
        open_dialog(user, DIALOG, CONFIRM, {"warning": found.rule.id, "then": then, "area": area})
    context.reply(render_ask_html(found.rule.ask), keyboards.inline(yes_no(CONFIRM)))


async def take_confirmation(
    context: LimberContext, session: AsyncSession, user: User, yes: bool
) -> None:
    """ "Yes": the warning answer. "No": what the message matched besides, if anything (a
    surer, less urgent warning sign stays a warning answer)."""
    data = user.dialog_data
    close_dialog(user)
    warning = rules().by_id(str(data.get("warning")))
    then = rules().by_id(str(data.get("then"))) if data.get("then") else None
    area = data.get("area")
    if warning is None:
        context.reply(common.stale_button())
        return
    if yes:
        found = Match("red_flag", warning)
    elif then is not None:
        found = Match("red_flag" if then.red_flag else "rule", then)
    else:
        found = Match("no_match")
    await answer(context, session, user, found, "", area)


def rule_answer(
    rule: PainRule, alternatives: tuple[PainRule, ...], area: str, *, soon: bool = False
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A topic's answer; `soon` when it has gone on for weeks (no moves, book a GP or physio)."""
    library = load_library()
    shown = "soon" if soon and rule.level == "self_care" else rule.level
    html = render_answer_html(
        rule,
        library.exercise,
        has_alternatives=bool(alternatives),
        headline=rules().level_text(shown).headline,
        moves=shown == "self_care",
    )
    if rule.spare_area:
        html += t.pain_sparing(area)
    buttons = [[(alt.title, PainTopicButton(alt.id))] for alt in alternatives]
    return html, keyboards.inline(buttons)


@with_user
async def on_area(update: Update, context: LimberContext, _s: AsyncSession, user: User) -> None:
    """An area button: ask the safety questions next (or, for "other", a description)."""
    query = update.callback_query
    assert query is not None
    button = decode_as(query.data, PainAreaButton)
    if button is None:
        refuse_button(context)
        return
    area = button.area
    if area not in PAIN_AREAS or (user.dialog and not in_pain_dialog(user)):
        context.toast(common.stale_button())
        return
    context.edit(common.answered("Where", t.PAIN_AREA_LABELS[area]))
    user.dialog_data = {"area": area, "answers": {}}
    ask_pending(context, user)


def ask_pending(context: LimberContext, user: User) -> bool:
    """Ask the first unanswered safety question; False when all are answered."""
    questions = rules().safety_questions
    answers: dict[str, bool] = user.dialog_data.get("answers", {})
    for number, question in enumerate(questions, start=1):
        if question.id not in answers:
            open_dialog(user, DIALOG, question.id)
            context.reply(
                t.pain_safety_question(question.question, number, len(questions)),
                keyboards.inline(yes_no(question.id)),
            )
            return True
    return False


async def take_safety_answer(
    context: LimberContext, session: AsyncSession, user: User, question_id: str, yes: bool
) -> None:
    """A "yes" is a red flag at once; after the last "no", answer for the area."""
    area = user.dialog_data.get("area")
    answers = {**user.dialog_data.get("answers", {}), question_id: yes}
    user.dialog_data = {"area": area, "answers": answers}
    safety = SafetyAnswers(**answers)
    if not yes and ask_pending(context, user):
        return
    close_dialog(user)
    if not yes and area in (None, "other"):
        open_dialog(user, DIALOG, "describe", {"answers": answers})
        context.reply(t.pain_describe_prompt())
        return
    await answer(
        context, session, user, match_pain("", rules(), area=area, answers=safety), "", area
    )


@with_user
async def on_safety_button(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """`ps:<question>:yes|no`, only while that question is open."""
    query = update.callback_query
    assert query is not None
    button = decode_as(query.data, PainSafetyButton)
    if button is None:
        refuse_button(context)
        return
    question_id, yes = button.question, button.answer == YesNo.YES
    if dialog_state(user) != DialogState(DIALOG, question_id):
        context.toast(common.stale_button())
        return
    context.edit(common.answered(t.SAFETY_CHECK, button.answer))
    if question_id == CONFIRM:
        await take_confirmation(context, session, user, yes)
        return
    await take_safety_answer(context, session, user, question_id, yes)


async def on_typed(
    _update: Update, context: LimberContext, session: AsyncSession, user: User, text: str
) -> None:
    """Typed follow-ups: yes/no for a safety question, or a description of the pain."""
    state = dialog_state(user)
    stage = state.stage if state is not None else ""
    word = text.strip().lower().strip(".!")
    if stage == CONFIRM or stage in {q.id for q in rules().safety_questions}:
        if word in _YES or word in _NO:
            if stage == CONFIRM:
                await take_confirmation(context, session, user, word in _YES)
            else:
                await take_safety_answer(context, session, user, stage, word in _YES)
            return
        found = match_pain(text[:MAX_QUERY], rules(), roles=user.role_set)
        if found.kind == "red_flag":  # a warning sign typed mid-dialog still wins
            area = user.dialog_data.get("area")
            close_dialog(user)
            await answer(context, session, user, found, text, area)
            return
        context.reply(t.pain_yes_no())
        return
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
    await answer(context, session, user, found, text[:MAX_QUERY], area)


@with_user
async def on_other_topic(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """`pr:<rule id>`: the answer for one of the other topics offered as buttons."""
    query = update.callback_query
    assert query is not None
    button = decode_as(query.data, PainTopicButton)
    if button is None:
        refuse_button(context)
        return
    rule = rules().by_id(button.rule_id)
    if rule is None or rule.red_flag:
        context.toast(common.stale_button())
        return
    area = rule.areas[0]
    context.reply(*rule_answer(rule, (), area))
    if rule.spare_area:
        await report_pain(session, user.id, area, rule.id, False, context.services.now())


@with_user
async def on_feels_better(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """`pb:<area>` on a reminder: the area is fine again, so its moves come back."""
    query = update.callback_query
    assert query is not None
    button = decode_as(query.data, PainBetterButton)
    if button is None:
        refuse_button(context)
        return
    area = button.area
    if area not in PAIN_AREAS:
        context.toast(common.stale_button())
        return
    await resolve_pain(session, user.id, area, context.services.now())
    context.reply(t.pain_resolved(area))


def register(app: LimberApp) -> None:
    register_dialog(Dialog(names=frozenset({DIALOG}), on_text=on_typed))
    app.add_handler(CommandHandler("pain", pain, filters=PRIVATE))
    app.add_handler(CallbackQueryHandler(on_area, pattern=pattern(Prefix.PAIN_AREA)))
    app.add_handler(CallbackQueryHandler(on_safety_button, pattern=pattern(Prefix.PAIN_SAFETY)))
    app.add_handler(CallbackQueryHandler(on_other_topic, pattern=pattern(Prefix.PAIN_TOPIC)))
    app.add_handler(CallbackQueryHandler(on_feels_better, pattern=pattern(Prefix.PAIN_BETTER)))
