"""What a user hears while the database is briefly away."""


def answer_delayed() -> str:
    return "⏳ I'm a little slow right now — your message is safe, and I'll answer in a moment."
