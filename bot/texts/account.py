"""Switching all reminders off (/stop) and back on."""


def stopped() -> str:
    return (
        "All reminders are off. I'll stay quiet until you send /start and turn them back on."
        " Your settings are kept."
    )


def already_stopped() -> str:
    return "Your reminders are already off. Send /start to turn them back on."


def reminders_back_on() -> str:
    return "Reminders are back on. 💪"
