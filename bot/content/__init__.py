"""The content engine: exercise library, routines and /pain rules, with no Telegram imports."""
