"""/pain: decode the command, the buttons and typed follow-ups, call bot/services/pain.py and
render what it says (texts in bot/texts/pain.py, answers from the rule file's renderers).
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
    pattern,
)
from bot.content.library import load_library
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
from bot.dialogs import Dialog, register_dialog
from bot.handlers import PRIVATE, pressed, profile_flow
from bot.services.pain import (
    CONFIRM,
    DIALOG,
    PainReply,
    Step,
    answer_question,
    answer_typed,
    ask_about_pain,
    choose_area,
    feels_better,
    other_topic,
)
from bot.texts import common
from bot.texts import pain as t
from db.models import User

_COMMAND = re.compile(r"^/\S*\s*")


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
    return [[(t.YES, PainSafetyButton(question, YesNo.YES)),
             (t.NO, PainSafetyButton(question, YesNo.NO))]]  # fmt: skip


def answer_markup(reply: PainReply) -> tuple[str, InlineKeyboardMarkup | None]:
    """A topic's answer, with the other topics it might be as buttons."""
    assert reply.rule is not None and reply.level is not None
    html = render_answer_html(
        reply.rule,
        load_library().exercise,
        has_alternatives=bool(reply.alternatives),
        headline=load_pain_rules().level_text(reply.level).headline,
        moves=reply.moves,
    )
    if reply.spared is not None:
        html += t.pain_sparing(reply.spared)
    buttons = [[(alt.title, PainTopicButton(alt.id))] for alt in reply.alternatives]
    return html, keyboards.inline(buttons)


def refused_as_stale(context: LimberContext, reply: PainReply) -> bool:
    """A button that no longer applies gets a short notice, and nothing else happens."""
    if reply.step != Step.STALE:
        return False
    context.toast(common.stale_button())
    return True


def show(context: LimberContext, user: User, reply: PainReply) -> None:
    """Render a service reply (STALE, a refused button, is the caller's to toast)."""
    rule, step = reply.rule, reply.step
    if step == Step.SETUP_PENDING:
        profile_flow.reask(context, user, common.in_dialog_command("pain"))
    elif step == Step.AREAS:
        context.reply(t.pain_area_question(), keyboards.inline(area_buttons()))
    elif step == Step.NO_MATCH:
        context.reply(render_no_match_html(reply.query), keyboards.inline(area_buttons()))
    elif step == Step.RED_FLAG:
        assert rule is not None and reply.level is not None and reply.emergency_number
        headline = load_pain_rules().level_text(reply.level).headline
        context.reply(render_red_flag_html(rule, headline, reply.emergency_number))
    elif step == Step.INFO:
        assert rule is not None and reply.level is not None and reply.emergency_number
        text = load_pain_rules().level_text(reply.level).if_it_happens
        context.reply(render_info_html(rule, text, reply.emergency_number))
    elif step == Step.CONFIRM:
        assert rule is not None and rule.ask is not None
        context.reply(render_ask_html(rule.ask), keyboards.inline(yes_no(CONFIRM)))
    elif step == Step.ANSWER:
        context.reply(*answer_markup(reply))
    elif step == Step.SAFETY_QUESTION:
        question = reply.question
        assert question is not None
        context.reply(
            t.pain_safety_question(question.question, reply.number, reply.total),
            keyboards.inline(yes_no(question.id)),
        )
    elif step == Step.DESCRIBE:
        context.reply(t.pain_describe_prompt())
    elif step == Step.YES_OR_NO:
        context.reply(t.pain_yes_no())
    elif step in (Step.LOST, Step.STALE):
        context.reply(common.stale_button())
    elif step == Step.RESOLVED:
        assert reply.area is not None
        context.reply(t.pain_resolved(reply.area))


@with_user
async def pain(update: Update, context: LimberContext, session: AsyncSession, user: User) -> None:
    """`/pain <words>` answers at once; `/pain` alone starts the area buttons."""
    reply = await ask_about_pain(session, user, command_text(update), context.services.now())
    show(context, user, reply)


@with_user
async def on_area(update: Update, context: LimberContext, _s: AsyncSession, user: User) -> None:
    """An area button: ask the safety questions next (or, for "other", a description)."""
    button = pressed(update, context, PainAreaButton)
    if button is None:
        return
    reply = choose_area(user, button.area)
    if refused_as_stale(context, reply):
        return
    context.edit(common.answered(t.WHERE, t.PAIN_AREA_LABELS[button.area]))
    show(context, user, reply)


@with_user
async def on_safety_button(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """`ps:<question>:yes|no`, only while that question is open."""
    button = pressed(update, context, PainSafetyButton)
    if button is None:
        return
    yes = button.answer == YesNo.YES
    reply = await answer_question(session, user, button.question, yes, context.services.now())
    if refused_as_stale(context, reply):
        return
    context.edit(common.answered(t.SAFETY_CHECK, button.answer))
    show(context, user, reply)


async def on_typed(
    _update: Update, context: LimberContext, session: AsyncSession, user: User, text: str
) -> None:
    """Typed follow-ups: yes/no for a safety question, or a description of the pain."""
    show(context, user, await answer_typed(session, user, text, context.services.now()))


@with_user
async def on_other_topic(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """`pr:<rule id>`: the answer for one of the other topics offered as buttons."""
    button = pressed(update, context, PainTopicButton)
    if button is None:
        return
    reply = await other_topic(session, user, button.rule_id, context.services.now())
    if refused_as_stale(context, reply):
        return
    show(context, user, reply)


@with_user
async def on_feels_better(
    update: Update, context: LimberContext, session: AsyncSession, user: User
) -> None:
    """`pb:<area>` on a reminder: the area is fine again, so its moves come back."""
    button = pressed(update, context, PainBetterButton)
    if button is None:
        return
    reply = await feels_better(session, user, button.area, context.services.now())
    if refused_as_stale(context, reply):
        return
    show(context, user, reply)


def register(app: LimberApp) -> None:
    register_dialog(Dialog(names=frozenset({DIALOG}), on_text=on_typed))
    app.add_handler(CommandHandler("pain", pain, filters=PRIVATE))
    app.add_handler(CallbackQueryHandler(on_area, pattern=pattern(Prefix.PAIN_AREA)))
    app.add_handler(CallbackQueryHandler(on_safety_button, pattern=pattern(Prefix.PAIN_SAFETY)))
    app.add_handler(CallbackQueryHandler(on_other_topic, pattern=pattern(Prefix.PAIN_TOPIC)))
    app.add_handler(CallbackQueryHandler(on_feels_better, pattern=pattern(Prefix.PAIN_BETTER)))
