"""The activity-file reader on its own: formats, sports, totals and every refusal."""

from datetime import UTC, datetime

import pytest

from bot.devkit import tracks
from bot.parsing.tracks import (
    MAX_BYTES,
    TrackError,
    TrackSummary,
    format_of,
    read_track,
    sniff,
    sport_of,
)

START = datetime(2026, 11, 22, 9, tzinfo=UTC)
SAMPLE = tracks.Sample(START, points=601, speed_ms=5.0, climb_m=30)


def _read(name: str, content: bytes) -> TrackSummary:
    summary = read_track(name, content)
    assert isinstance(summary, TrackSummary), summary
    return summary


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.GPX", "gpx"), ("ride.fit", "fit"), ("x.tcx", "tcx"), ("a.kml", None), ("gpx", None)],
)
def test_the_name_promises_a_format(name: str, expected: str | None) -> None:
    assert format_of(name) == expected


def test_the_bytes_say_what_they_are() -> None:
    assert sniff(tracks.fit(SAMPLE)) == "fit"
    assert sniff(b"\xef\xbb\xbf " + tracks.gpx(SAMPLE)) == "gpx"
    assert sniff(tracks.tcx(SAMPLE)) == "tcx"
    assert sniff(b"PK\x03\x04") is None
    assert sniff(b"<html></html>") is None


@pytest.mark.parametrize(
    ("label", "sport"),
    [("cycling", "ride"), ("Biking", "ride"), ("Running", "run"), ("9", "run"),
     ("walking", None), ("", None), (None, None)],
)  # fmt: skip
def test_sport_labels(label: str | None, sport: str | None) -> None:
    assert sport_of(label) == sport


def test_every_format_gives_the_same_summary() -> None:
    gpx = _read("a.gpx", tracks.gpx(SAMPLE, "running"))
    fit = _read("a.fit", tracks.fit(SAMPLE, "running"))
    tcx = _read("a.tcx", tracks.tcx(SAMPLE, "Running"))
    for summary in (gpx, fit, tcx):
        assert (summary.sport, summary.distance_km, summary.moving_s) == ("run", 3.0, 600)
        assert summary.started_at == START
        assert summary.elevation_gain_m is not None and 28 <= summary.elevation_gain_m <= 30
    assert len({gpx.digest, fit.digest, tcx.digest}) == 3


def test_a_fit_file_without_a_session_is_summed_from_its_records() -> None:
    summary = _read("a.fit", tracks.fit(SAMPLE, None, session=False))
    assert (summary.sport, summary.distance_km, summary.moving_s) == (None, 3.0, 600)


def test_standing_still_is_not_moving_time() -> None:
    standing = tracks.Sample(START, points=301, speed_ms=0.2)
    assert read_track("a.gpx", tracks.gpx(standing)) == TrackError("empty", "gpx")


def test_refusals() -> None:
    assert read_track("a.kml", b"<kml/>") == TrackError("unknown_type", "kml")
    assert read_track("a.fit", b"x" * (MAX_BYTES + 1)) == TrackError("too_big")
    far = tracks.Sample(START, points=3601, speed_ms=90.0 / 3.6)
    assert read_track("a.gpx", tracks.gpx(far, "running")) == TrackError("absurd_speed", "90")
    plane = tracks.Sample(START, points=2, speed_ms=400.0)
    assert read_track("a.gpx", tracks.gpx(plane)) == TrackError("absurd_speed", "1440")
    tour = tracks.Sample(START, points=265, speed_ms=25 / 3.6, interval_s=600)
    assert read_track("a.fit", tracks.fit(tour)) == TrackError("too_far", "1100")
    empty = b'<TrainingCenterDatabase xmlns="x"><Activities/></TrainingCenterDatabase>'
    assert read_track("a.tcx", empty) == TrackError("empty", "tcx")
    bomb = b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><TrainingCenterDatabase/>'
    assert read_track("a.tcx", bomb) == TrackError("corrupt", "tcx")
