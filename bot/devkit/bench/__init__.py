"""Benchmarks run by `python -m bot bench …`; each returns a dict of figures printed as JSON."""
