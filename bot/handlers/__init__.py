"""One module per feature, each with `register(app)`; bot/app.py calls them in order."""
