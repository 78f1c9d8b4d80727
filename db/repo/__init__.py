"""Queries, named by what they do; each takes an open AsyncSession and never commits."""
