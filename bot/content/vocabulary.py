"""The shared words of the content files: who a user is and which body areas we talk about.

Routines, pain rules and the bot's buttons all use these ids, so a typo in a YAML file is caught
by the schema instead of silently matching nothing.
"""

from typing import Final, Literal, get_args

Role = Literal["desk", "cyclist", "runner"]
ROLES: Final[tuple[Role, ...]] = get_args(Role)

# Areas a user can report pain in (the /pain buttons) and that an exercise can load.
PainArea = Literal[
    "low_back", "hip_front", "hip_side", "groin", "knee", "neck_shoulders", "calf_achilles", "other"
]
PAIN_AREAS: Final[tuple[PainArea, ...]] = get_args(PainArea)

# What an exercise stretches or moves; used to build balanced routines.
Target = Literal[
    "hip_flexors",
    "glutes",
    "hamstrings",
    "quads",
    "calves",
    "adductors",
    "hips",
    "thoracic",
    "low_back",
    "neck",
    "shoulders",
    "chest",
    "wrists",
    "ankles",
    "knees",
]
TARGETS: Final[tuple[Target, ...]] = get_args(Target)
