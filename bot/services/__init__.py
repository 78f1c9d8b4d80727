"""Use cases without Telegram: they take a session and plain values and return plain results
that the handlers render.
"""
