"""Every user-facing text of the bot, a module per feature, as Telegram HTML.

Texts take plain values and escape whatever the user typed; import the feature's module
(`from bot.texts import training as t`), never a name from this package.
"""
