"""The profile questions asked by /start and /settings: one descriptor per field.

- `fields`: what a field is (`Step`: asked, parsed, described, loaded and stored) and the
  column codecs;
- `parsers`: answers as draft values, or why they were refused;
- `steps`: the table of fields (a new setting is one entry there plus its model column);
- `flow`: onboarding's order, validating answers, the profile as a draft and back, the summary.
"""

from bot.services.profile.fields import Buttons, Draft, Invalid, Step
from bot.services.profile.flow import (
    answer,
    apply_draft,
    describe_saved,
    draft_from_user,
    next_onboarding_step,
    onboarding_position,
    profile_summary,
)
from bot.services.profile.steps import (
    ALL_STEPS,
    EXTRA_STEPS,
    SETTINGS_MENU,
    STEP_BY_KEY,
    STEPS,
)

__all__ = [
    "ALL_STEPS",
    "EXTRA_STEPS",
    "SETTINGS_MENU",
    "STEPS",
    "STEP_BY_KEY",
    "Buttons",
    "Draft",
    "Invalid",
    "Step",
    "answer",
    "apply_draft",
    "describe_saved",
    "draft_from_user",
    "next_onboarding_step",
    "onboarding_position",
    "profile_summary",
]
