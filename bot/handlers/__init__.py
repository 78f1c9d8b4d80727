"""One module per feature, each with `register(app)`; bot/app.py calls them in order."""

from telegram.ext import filters

# New messages in private chats; edits of old messages are answered by the fallback.
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
