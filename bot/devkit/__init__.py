"""Developer tooling: the local Bot API server, the console and the benchmarks.

Production code never imports this package; only the CLI (`bot/__main__.py`) does.
"""
