"""`python -m bot content check`: every content file loaded, cross-checked and reported."""

from pathlib import Path

from bot.content.library import ContentError, Library, load_library, validate_library
from bot.content.pain_model import PainRules, topic_model_problems
from bot.content.pain_rules import PainRulesError, load_pain_rules, validate_pain_rules
from bot.content.pain_topics import TOPICS_PATH, load_topic_model, read_topic_model


def check_content(
    library_path: Path | None = None,
    rules_path: Path | None = None,
    topics_path: Path | None = None,
) -> tuple[list[str], str]:
    """(problems, one-line summary); no problems means the bot may start."""
    problems: list[str] = []
    library: Library | None = None
    try:
        library = load_library(library_path)
        problems += [f"routines.yaml: {p}" for p in validate_library(library)]
    except ContentError as error:
        problems += [f"routines.yaml: {p}" for p in error.problems]
    try:
        rules = load_pain_rules(rules_path)
    except PainRulesError as error:
        problems += [f"pain_rules.yaml: {p}" for p in error.problems]
        return problems, "pain rules could not be loaded"
    if library is not None:
        known = {exercise.id for exercise in library.exercise_list}
        problems += [f"pain_rules.yaml: {p}" for p in validate_pain_rules(rules, known)]
    problems += _topic_problems(rules, topics_path or TOPICS_PATH)
    summary = (
        f"{len(library.exercise_list) if library else 0} exercises,"
        f" {len(library.routines) if library else 0} routine templates,"
        f" {len(rules.rules)} pain rules"
        f" ({sum(r.red_flag for r in rules.rules)} warning signs in"
        f" {len({r.family for r in rules.rules if r.family})} families,"
        f" {len(rules.levels)} levels)"
    )
    return problems, summary


def _topic_problems(rules: PainRules, path: Path) -> list[str]:
    """The topic re-picker must load and may only answer with this file's self-care topics."""
    try:
        # The shipped file is read once per process (a start-up check would otherwise read its
        # 200,000 weights a second time); any other path is a test's or a trainer's, read anew.
        model = load_topic_model() if path == TOPICS_PATH else read_topic_model(path)[0]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [f"{path.name}: {error}"]
    return [f"{path.name}: {problem}" for problem in topic_model_problems(model, rules)]
