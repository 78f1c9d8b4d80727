"""What people type, turned into values: times, days, distances, durations, pauses, zones.

Pure functions with no Telegram and no database access; days come out as the codes the
database stores (`db.vocab`).
"""
