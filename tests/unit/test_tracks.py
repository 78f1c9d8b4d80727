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


GPX11 = '<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"'


def _gpx(body: str, root: str = GPX11 + ">", close: str = "</gpx>") -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{root}{body}{close}'.encode()


def _points(n: int = 61, stamp: str = "2026-11-22T09:{m:02d}:{s:02d}Z", extra: str = "") -> str:
    """`n` points 10 s and about 55 m apart, climbing a metre each."""
    return "".join(
        f'<trkpt lat="{52.5 + i * 0.0005:.4f}" lon="13.4"><ele>{40 + i}</ele>'
        f"<time>{stamp.format(m=i * 10 // 60, s=i * 10 % 60)}</time>{extra}</trkpt>"
        for i in range(n)
    )


def _track(kind: str = "", points: str = "") -> str:
    return f"<trk><name>x</name>{kind}<trkseg>{points or _points()}</trkseg></trk>"


def test_gpx_extensions_and_other_namespaces_are_passed_over() -> None:
    extension = (
        "<extensions><tp:TrackPointExtension><tp:hr>120</tp:hr><tp:ele>high</tp:ele>"
        "</tp:TrackPointExtension><Other xmlns='urn:other'><ele>high</ele></Other></extensions>"
    )
    root = GPX11 + ' xmlns:tp="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
    body = "<extensions><tp:x>1</tp:x></extensions>" + _track(
        "<type>cycling</type>", _points(extra=extension)
    )
    summary = _read("a.gpx", _gpx(body, root))
    assert (summary.sport, summary.points, summary.moving_s) == ("ride", 61, 600)
    assert summary.distance_km == 3.34 and summary.elevation_gain_m == 60


def test_gpx_without_a_namespace_and_gpx_1_0_are_read() -> None:
    plain = _read("a.gpx", _gpx(_track("<type>running</type>"), '<gpx version="1.1">'))
    assert (plain.sport, plain.points) == ("run", 61)
    old = '<gpx version="1.0" xmlns="http://www.topografix.com/GPX/1/0">'
    gpx10 = _read("a.gpx", _gpx(_track("<type>running</type>"), old))
    assert (gpx10.sport, gpx10.points, gpx10.distance_km) == (None, 61, plain.distance_km)


def test_the_first_track_with_a_known_sport_names_it_and_all_tracks_count() -> None:
    later = _points(stamp="2026-11-22T10:{m:02d}:{s:02d}Z")
    body = _track("<type>walking</type>") + _track("<type>Biking</type>", later)
    body += _track("<type>running</type>", _points(stamp="2026-11-22T11:{m:02d}:{s:02d}Z"))
    summary = _read("a.gpx", _gpx(body))
    assert (summary.sport, summary.points) == ("ride", 183)
    assert summary.started_at == START


def test_gpx_points_outside_a_segment_or_in_a_link_type_do_not_count() -> None:
    stray = "<trk><type>cycling</type>" + _points(5) + "</trk>"
    linked = (
        "<trk><link href='x'><type>running</type></link><trkseg>" + _points() + "</trkseg></trk>"
    )
    summary = _read("a.gpx", _gpx(stray + linked))
    assert (summary.sport, summary.points) == ("ride", 61)
    assert read_track("a.gpx", _gpx(stray)) == TrackError("empty", "gpx")


@pytest.mark.parametrize(
    "stamp",
    ["2026-11-22 10:{m:02d}:{s:02d}.250+01:00", "2026-11-22T08:{m:02d}:{s:02d}.25\u221201:00",
     "2026-11-22T10:{m:02d}:{s:02d}.2500001+0100", "2026-11-22T10:{m:02d}:{s:02d}.25+01",
     "2026-11-22T9:{m}:{s}.25"],
)  # fmt: skip
def test_gpx_time_zones_fractions_and_unzoned_times(stamp: str) -> None:
    summary = _read("a.gpx", _gpx(_track(points=_points(stamp=stamp))))
    assert summary.started_at == START.replace(microsecond=250_000)
    assert summary.moving_s == 600


def test_unreadable_gpx_times_leave_points_untimed() -> None:
    odd = _points(stamp="yesterday {m}{s}")
    assert read_track("a.gpx", _gpx(_track(points=odd))) == TrackError("no_times", "gpx")
    padded = _points(stamp=" 2026-11-22T09:{m:02d}:{s:02d}Z ")
    assert read_track("a.gpx", _gpx(_track(points=padded))) == TrackError("no_times", "gpx")
    month = _points(stamp="2026-13-22T09:{m:02d}:{s:02d}Z")
    assert read_track("a.gpx", _gpx(_track(points=month))) == TrackError("no_times", "gpx")
    mixed = _points(2, stamp="never") + _points()
    assert _read("a.gpx", _gpx(_track(points=mixed))).points == 63


def test_routes_and_waypoints_without_a_track() -> None:
    route = "".join(
        f'<rtept lat="{52 + i / 100}" lon="13"><ele>{i}</ele></rtept>' for i in range(5)
    )
    assert read_track("a.gpx", _gpx(f"<rte>{route}</rte>")) == TrackError("no_times", "gpx")
    waypoint = '<wpt lat="52" lon="13"><ele>1</ele></wpt>'
    assert read_track("a.gpx", _gpx(waypoint)) == TrackError("empty", "gpx")
    assert _read("a.gpx", _gpx(waypoint + f"<rte>{route}</rte>" + _track())).points == 61


def test_an_empty_elevation_is_none_but_a_wrong_one_is_corrupt() -> None:
    empty = _points() + '<trkpt lat="52.5" lon="13.4"><ele/><ele>x</ele></trkpt>'
    assert _read("a.gpx", _gpx(_track(points=empty))).points == 62
    for point in ('<trkpt lat="52.5" lon="13.4"><ele>high</ele></trkpt>',
                  '<trkpt lat="52.5" lon="13.4"><ele> </ele></trkpt>',
                  '<trkpt lon="13.4"/>', '<trkpt lat="north" lon="13.4"/>'):  # fmt: skip
        broken = _gpx(_track(points=_points() + point))
        assert read_track("a.gpx", broken) == TrackError("corrupt", "gpx"), point
    for other in ('<wpt lat="52"/>', '<rte><rtept lat="52" lon="13"><ele>x</ele></rtept></rte>'):
        assert read_track("a.gpx", _gpx(other + _track())) == TrackError("corrupt", "gpx"), other


def test_broken_gpx_files_are_corrupt() -> None:
    whole = tracks.gpx(SAMPLE)
    corrupt = TrackError("corrupt", "gpx")
    assert read_track("a.gpx", whole[:-200]) == corrupt
    assert read_track("a.gpx", whole + b"<gpx/>") == corrupt
    assert read_track("a.gpx", whole.replace(b"Sample", b"Caf\xe9")) == corrupt  # not UTF-8
    assert read_track("a.gpx", _gpx(_track("<type>&unknown;</type>"))) == corrupt
    bomb = b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaa">]><gpx version="1.1">'
    assert read_track("a.gpx", bomb + _track().encode() + b"</gpx>") == corrupt
    declared = whole.replace(b'encoding="UTF-8"', b'encoding="UTF-16"')
    assert _read("a.gpx", declared).points == SAMPLE.points  # read as UTF-8 text whatever it says
    assert _read("a.gpx", _gpx(_track("<type>cycl&#105;ng</type>"))).sport == "ride"
