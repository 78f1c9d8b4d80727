"""Reading GPX, FIT and TCX activity files into one summary; the track itself is not kept.

Every format becomes a list of points (time, position, elevation, recorded distance), and one
set of rules turns points into the summary, so a ride reads the same whatever device made it.
A device's own totals (a FIT session, TCX laps) win over what the points add up to, since they
know about auto-pause and barometric altitude.

XML is read with DTDs refused: GPX and TCX never need one, and refusing them rules out
entity-expansion bombs and external entities before any parser sees the file.
"""

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise
from typing import Any, Literal

Format = Literal["gpx", "fit", "tcx"]
FORMATS: tuple[Format, ...] = ("gpx", "fit", "tcx")
MAX_BYTES = 20 * 1024 * 1024  # what a bot may download with getFile
STOPPED_BELOW = 0.5  # m/s: slower than this between two points counts as standing still
CLIMB_STEP = 2.0  # m: elevation changes smaller than this are GPS and barometer noise
MAX_KMH = {"ride": 80.0, "run": 30.0, None: 80.0}  # average moving speed beyond belief
MAX_KM = {"ride": 1000.0, "run": 300.0, None: 1000.0}
_EARTH_M = 6_371_000.0
_SPORTS = {"cycling": "ride", "biking": "ride", "bike": "ride", "ride": "ride", "e_biking": "ride",
           "mountain_biking": "ride", "road_biking": "ride", "gravel_cycling": "ride",
           "virtualride": "ride", "1": "ride", "running": "run", "run": "run",
           "trail_running": "run", "jogging": "run", "9": "run"}  # fmt: skip
_FIT_SPORTS = {1: "run", 2: "ride", 21: "ride"}  # FIT's running, cycling and e_biking
_TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


@dataclass(frozen=True, slots=True)
class Point:
    at: datetime | None
    lat: float | None
    lon: float | None
    ele: float | None = None
    distance_m: float | None = None  # cumulative, when the device recorded it


@dataclass(frozen=True)
class TrackSummary:
    """What an activity file says, in plain values (UTC, metres, seconds)."""

    format: Format
    sport: str | None  # "ride", "run", or None when the file does not say
    distance_km: float
    moving_s: int
    started_at: datetime
    elevation_gain_m: float | None
    points: int
    digest: str  # first 16 hex digits of the file's SHA-256: the same file twice


@dataclass(frozen=True)
class TrackError:
    """Why a file cannot be read; `reason` picks the answer, `detail` fills it in."""

    reason: Literal["unknown_type", "too_big", "wrong_type", "corrupt", "empty", "no_times",
                    "absurd_speed", "too_far"]  # fmt: skip
    detail: str = ""


class _Unreadable(Exception):
    """Inside the readers: the file is not valid in its format."""


def format_of(file_name: str) -> Format | None:
    """The format a file's name promises, or None for anything else."""
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    return next((f for f in FORMATS if f == suffix), None)


def sniff(content: bytes) -> Format | None:
    """What the bytes are, whatever the name says."""
    if len(content) >= 12 and content[8:12] == b".FIT":
        return "fit"
    head = content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    if b"<TrainingCenterDatabase" in head:
        return "tcx"
    if b"<gpx" in head:
        return "gpx"
    return None


def sport_of(label: str | None) -> str | None:
    """ "cycling", "Biking", "running"… as ride or run; anything else is left to the user."""
    if not label:
        return None
    return _SPORTS.get(label.strip().lower().replace(" ", "_"))


def digest_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:16]


def read_track(file_name: str, content: bytes) -> TrackSummary | TrackError:
    """The summary of an activity file, or why it cannot be read. Never raises."""
    promised = format_of(file_name)
    if promised is None:
        return TrackError("unknown_type", file_name.rsplit(".", 1)[-1][:10] if "." in file_name
                          else "")  # fmt: skip
    if len(content) > MAX_BYTES:
        return TrackError("too_big")
    actual = sniff(content)
    if actual != promised:
        return TrackError("wrong_type", promised)
    try:
        sport, points, totals = _READERS[promised](content)
    except (_Unreadable, ValueError, TypeError, KeyError, OverflowError):
        return TrackError("corrupt", promised)
    return summarise(promised, sport, points, totals, digest_of(content))


@dataclass(frozen=True)
class Totals:
    """What the device itself counted; any of them may be missing."""

    distance_m: float | None = None
    moving_s: float | None = None
    ascent_m: float | None = None
    started_at: datetime | None = None


def summarise(
    fmt: Format, sport: str | None, points: list[Point], totals: Totals, digest: str
) -> TrackSummary | TrackError:
    """One set of rules for every format: distance, moving time, climb, plausibility."""
    timed = [p for p in points if p.at is not None]
    if len(points) < 2 and totals.distance_m is None:
        return TrackError("empty", fmt)
    if len(timed) < 2 and (totals.moving_s is None or totals.started_at is None):
        return TrackError("no_times", fmt)
    distance_m, moving_s = _distance_and_moving(timed if len(timed) >= 2 else points)
    distance_m = totals.distance_m if totals.distance_m else distance_m
    moving_s = totals.moving_s if totals.moving_s else moving_s
    started = totals.started_at or min(p.at for p in timed if p.at is not None)
    if distance_m <= 0 or moving_s <= 0:
        return TrackError("empty", fmt)
    km = distance_m / 1000
    implausible = plausible_for(km, moving_s, sport)
    if implausible is not None:
        return implausible
    climb = totals.ascent_m if totals.ascent_m is not None else _climb(p.ele for p in points)
    return TrackSummary(
        format=fmt,
        sport=sport,
        distance_km=round(km, 2),
        moving_s=max(1, round(moving_s)),
        started_at=started.astimezone(UTC),
        elevation_gain_m=None if climb is None else round(climb),
        points=len(points),
        digest=digest,
    )


def plausible_for(distance_km: float, moving_s: float, sport: str | None) -> TrackError | None:
    """Why the distance and time are beyond belief for the sport (None when they are fine)."""
    kmh = distance_km / (moving_s / 3600)
    if kmh > MAX_KMH[sport]:
        return TrackError("absurd_speed", f"{kmh:.0f}")
    if distance_km > MAX_KM[sport]:
        return TrackError("too_far", f"{distance_km:.0f}")
    return None


def _haversine(a: Point, b: Point) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_M * math.asin(min(1.0, math.sqrt(h)))


def _step(a: Point, b: Point) -> float:
    """Metres between two points: the device's own distance when it has one."""
    if a.distance_m is not None and b.distance_m is not None:
        return max(b.distance_m - a.distance_m, 0.0)
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return 0.0
    return _haversine(a, b)


def _distance_and_moving(points: list[Point]) -> tuple[float, float]:
    distance = moving = 0.0
    for a, b in pairwise(points):
        metres = _step(a, b)
        distance += metres
        if a.at is not None and b.at is not None:
            seconds = (b.at - a.at).total_seconds()
            if seconds > 0 and metres / seconds >= STOPPED_BELOW:
                moving += seconds
    return distance, moving


def _climb(elevations: Iterable[float | None]) -> float | None:
    """Metres climbed, counting a rise only once it exceeds the noise step."""
    total, base, seen = 0.0, None, False
    for ele in elevations:
        if ele is None:
            continue
        seen = True
        if base is None or ele < base:
            base = ele
        elif ele - base >= CLIMB_STEP:
            total += ele - base
            base = ele
    return total if seen else None


def _refuse_dtd(content: bytes) -> None:
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        raise _Unreadable("a DTD in a GPX/TCX file")


def _read_gpx(content: bytes) -> tuple[str | None, list[Point], Totals]:
    """Track points (or, lacking any, route points) read as a stream, element by element.

    Only the GPX elements in the root's namespace count, found where the schema puts them
    (gpx/trk/trkseg/trkpt, gpx/rte/rtept, gpx/wpt); extensions and other namespaces are passed
    over. A point without a readable lat/lon or with an unreadable <ele> makes the file corrupt;
    an unreadable <time> only leaves that point untimed. A track's <type> is GPX 1.1's (1.0 has
    none). Points are dropped from the tree once read, so memory stays flat for long tracks.

    The file must be UTF-8 and is parsed as text, so the parser sees exactly the characters
    `_refuse_dtd` checked, whatever encoding the XML declaration claims: no DTD ever reaches it,
    hence no entities to expand or fetch. This lets the C parser stream the points; defusedxml's
    guarded parser runs its callbacks in Python and costs four times as much on a long track.
    """
    import xml.etree.ElementTree as ET

    _refuse_dtd(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Unreadable(str(error)) from error
    reader = _GpxReader()
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(("start", "end"))
    try:
        for offset in range(0, len(text), _GPX_CHUNK):
            parser.feed(text[offset : offset + _GPX_CHUNK])
            reader.read(parser.read_events())
        parser.close()
    except ET.ParseError as error:
        raise _Unreadable(str(error)) from error
    reader.read(parser.read_events())
    return reader.sport, reader.track_points or reader.route_points, Totals()


_GPX_CHUNK = 1 << 16  # characters fed to the parser at a time


class _GpxReader:
    """Turns the parser's start/end events into points, keeping only the open elements."""

    def __init__(self) -> None:
        self.track_points: list[Point] = []
        self.route_points: list[Point] = []
        self.sport: str | None = None
        self._open: list[Any] = []  # the elements from the root down to the current one
        self._tags: list[str] = []  # their tags
        self._ns = ""  # the root's namespace, as "{uri}"
        self._names = self._named("")
        self._typed = False  # GPX 1.1: tracks carry a <type>

    @staticmethod
    def _named(ns: str) -> tuple[str, ...]:
        return tuple(f"{ns}{name}" for name in ("trk", "trkseg", "trkpt", "rte", "rtept", "wpt",
                                                 "type"))  # fmt: skip

    def _begin(self, root: Any) -> None:
        tag: str = root.tag
        self._ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
        self._names = self._named(self._ns)
        self._typed = root.get("version") == "1.1"

    def read(self, events: Iterable[tuple[Any, ...]]) -> None:
        opened, tags = self._open, self._tags
        trk, trkseg, trkpt, rte, rtept, wpt, kind = self._names
        for event, element in events:
            if event == "start":
                if not opened:
                    self._begin(element)
                    trk, trkseg, trkpt, rte, rtept, wpt, kind = self._names
                opened.append(element)
                tags.append(element.tag)
                continue
            opened.pop()
            tag = tags.pop()
            depth = len(tags)  # the root is at depth 0, its children at 1
            if depth == 3 and tag == trkpt and tags[2] == trkseg and tags[1] == trk:
                self.track_points.append(_gpx_point(element, self._ns, timed=True))
            elif depth == 2 and tag == rtept and tags[1] == rte:
                self.route_points.append(_gpx_point(element, self._ns, timed=False))
            elif depth == 1 and tag == wpt:
                _gpx_point(element, self._ns, timed=False)  # read for its validity only
            elif depth == 2 and tag == kind and tags[1] == trk:
                if self._typed and self.sport is None:
                    self.sport = sport_of(element.text)
                continue
            else:
                continue
            del opened[-1][:]  # everything up to this point has been read: let it go


def _gpx_point(element: Any, ns: str, *, timed: bool) -> Point:
    lat, lon = element.get("lat"), element.get("lon")
    if lat is None or lon is None:
        raise _Unreadable("a GPX point without lat/lon")
    ele = element.findtext(f"{ns}ele")
    at = element.findtext(f"{ns}time") if timed else None
    return Point(
        _gpx_time(at) if at else None,
        float(lat),
        float(lon),
        float(ele) if ele else None,  # an empty <ele/> is no elevation
    )


_GPX_TIME = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[T ]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})"
    r"(?:\.([0-9]{1,15}))?(Z|[-+\u2212]([0-9]{2}):?([0-9]{2})?)?$"
)


def _gpx_time(text: str) -> datetime | None:
    """A GPX timestamp as an aware datetime (UTC when it names no zone); None when unreadable.

    Accepts what GPX writers produce: a space for the T, 1-2 digit fields, up to 15 fraction
    digits (microseconds kept), Z, ±hh, ±hhmm or ±hh:mm, and the Unicode minus sign.
    """
    match = _GPX_TIME.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone, zone_h, zone_m = match.groups()
    zone_info = UTC
    if zone and zone != "Z":
        minutes = int(zone_h) * 60 + int(zone_m or 0)
        offset = timedelta(minutes=-minutes if zone[0] != "+" else minutes)
        if abs(offset) >= timedelta(hours=24):
            return None
        zone_info = timezone(offset)
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                        micro, zone_info)  # fmt: skip
    except ValueError:
        return None


def _aware(at: datetime | None) -> datetime | None:
    if at is None:
        return None
    return at.replace(tzinfo=UTC) if at.tzinfo is None or at.utcoffset() is None else at


def _read_fit(content: bytes) -> tuple[str | None, list[Point], Totals]:
    """The records as points; the last session's totals and the first known sport win."""
    from bot.parsing.fit import read_fit

    activity = read_fit(content)
    sport = next((_FIT_SPORTS[s] for s in activity.sports if s in _FIT_SPORTS), None)
    points = [Point(*row) for row in activity.records]
    session = activity.session
    if session is None:
        return sport, points, Totals()
    return sport, points, Totals(session.distance_m, session.moving_s, session.ascent_m,
                                 session.started_at)  # fmt: skip


def _read_tcx(content: bytes) -> tuple[str | None, list[Point], Totals]:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        root = SafeET.fromstring(content, forbid_dtd=True)
    except (SafeET.ParseError, DefusedXmlException) as error:
        raise _Unreadable(str(error)) from error
    activity = root.find(f"{_TCX}Activities/{_TCX}Activity")
    if activity is None:
        return None, [], Totals()
    sport = sport_of(activity.get("Sport"))
    points: list[Point] = []
    distance = moving = 0.0
    laps = activity.findall(f"{_TCX}Lap")
    for lap in laps:
        distance += float(lap.findtext(f"{_TCX}DistanceMeters") or 0)
        moving += float(lap.findtext(f"{_TCX}TotalTimeSeconds") or 0)
        for point in lap.iter(f"{_TCX}Trackpoint"):
            at = point.findtext(f"{_TCX}Time")
            lat = point.findtext(f"{_TCX}Position/{_TCX}LatitudeDegrees")
            lon = point.findtext(f"{_TCX}Position/{_TCX}LongitudeDegrees")
            ele = point.findtext(f"{_TCX}AltitudeMeters")
            metres = point.findtext(f"{_TCX}DistanceMeters")
            points.append(
                Point(
                    _aware(datetime.fromisoformat(at)) if at else None,
                    float(lat) if lat else None,
                    float(lon) if lon else None,
                    float(ele) if ele else None,
                    float(metres) if metres else None,
                )
            )
    first = laps[0].get("StartTime") if laps else None
    started = _aware(datetime.fromisoformat(first)) if first else None
    return sport, points, Totals(distance or None, moving or None, None, started)


_READERS = {"gpx": _read_gpx, "fit": _read_fit, "tcx": _read_tcx}
