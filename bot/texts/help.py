"""The command list (also published with setMyCommands) and the /help text."""

from html import escape

# (command, one-line description) in the order /help shows them; also sent to setMyCommands.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Set up Limber or see your profile"),
    ("ride", "Log a ride: /ride 42"),
    ("run", "Log a run: /run 10.5"),
    ("log", "Log with details: /log ride 42km 1h35 yesterday"),
    ("undo", "Take back the ride or run you logged last"),
    ("week", "This week's distance and sessions (weeks start on Monday)"),
    ("stats", "Your last weeks as a chart, with your streak"),
    ("sit", "Start a sitting session with break nudges"),
    ("stand", "End the sitting session"),
    ("pain", "Ask about an ache: /pain lower back"),
    ("reminders", "What comes next"),
    ("pause", "Pause reminders: /pause 3d, /pause until monday"),
    ("resume", "End a pause"),
    ("settings", "Change one setting"),
    ("privacy", "What Limber stores and why"),
    ("export", "Download all your data"),
    ("delete", "Delete all your data"),
    ("help", "What Limber can do"),
    ("cancel", "Stop the current question"),
    ("stop", "Switch all reminders off"),
)


def help_text() -> str:
    lines = [f"/{name} — {escape(description)}" for name, description in COMMANDS]
    return (
        "<b>Limber keeps you moving</b>: break nudges while you sit, a daily mobility routine,"
        " and stretches that follow your training.\n\n" + "\n".join(lines)
    )
