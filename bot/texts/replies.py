"""What the bot says about its own delivery: lost replies, failures, buttons out of place."""


def saved_earlier(what: str) -> str:
    """Said before the next answer when a saved change's confirmation did not arrive."""
    return f"📌 Earlier my answer didn't reach you. This was saved:\n\n{what}"


def saved_generic() -> str:
    return "📌 Earlier my answer didn't reach you, but your last change was saved."


def nothing_saved() -> str:
    """The error handler's word when the update failed before anything was stored."""
    return "Sorry, something went wrong on my side and nothing was saved. Please try again."


def answer_lost() -> str:
    """A reply to a question (nothing stored) did not get through: asking again is harmless."""
    return "Sorry, my answer got lost on the way. Please ask again."


def private_only() -> str:
    return "That button works only in your private chat with me."
