"""Sample activity files for tests, benchmarks and the console: GPX, TCX and a tiny FIT encoder.

A synthetic track runs north from a start point at a steady speed, one point a second, with a
gentle climb; the FIT writer emits just enough of the format (header, definitions, records, a
session, CRCs) for a FIT reader to take it as a device file.
"""

import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
_M_PER_DEG_LAT = 111_195.0
_CRC_TABLE = (0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
              0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400)  # fmt: skip
_FIT_SPORTS = {"running": 1, "cycling": 2, "walking": 11}


@dataclass(frozen=True)
class Sample:
    """A steady activity: `points` fixes `interval_s` apart at `speed_ms`, climbing `climb_m`."""

    start: datetime
    points: int = 600
    speed_ms: float = 8.0
    climb_m: float = 60.0
    lat: float = 52.5
    lon: float = 13.4
    interval_s: int = 1

    def fixes(self) -> list[tuple[datetime, float, float, float, float]]:
        """(time, lat, lon, elevation, cumulative metres) of each point."""
        rows = []
        for i in range(self.points):
            metres = i * self.speed_ms * self.interval_s
            ele = 40.0 + self.climb_m * i / max(self.points - 1, 1)
            at = self.start + timedelta(seconds=i * self.interval_s)
            rows.append((at, self.lat + metres / _M_PER_DEG_LAT, self.lon, ele, metres))
        return rows

    @property
    def distance_m(self) -> float:
        return (self.points - 1) * self.speed_ms * self.interval_s

    @property
    def seconds(self) -> int:
        return (self.points - 1) * self.interval_s


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx(sample: Sample, sport: str | None = "cycling") -> bytes:
    kind = f"<type>{sport}</type>" if sport else ""
    points = "".join(
        f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>{ele:.1f}</ele><time>{_iso(at)}</time>'
        "</trkpt>"
        for at, lat, lon, ele, _ in sample.fixes()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="limber-tests" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Sample</name>'
        f"{kind}<trkseg>{points}</trkseg></trk></gpx>\n"
    ).encode()


def tcx(sample: Sample, sport: str = "Running") -> bytes:
    fixes = sample.fixes()
    points = "".join(
        f"<Trackpoint><Time>{_iso(at)}</Time><Position><LatitudeDegrees>{lat:.7f}"
        f"</LatitudeDegrees><LongitudeDegrees>{lon:.7f}</LongitudeDegrees></Position>"
        f"<AltitudeMeters>{ele:.1f}</AltitudeMeters><DistanceMeters>{m:.1f}</DistanceMeters>"
        "</Trackpoint>"
        for at, lat, lon, ele, m in fixes
    )
    seconds = sample.seconds
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
        f'<Activity Sport="{sport}"><Id>{_iso(sample.start)}</Id>'
        f'<Lap StartTime="{_iso(sample.start)}"><TotalTimeSeconds>{seconds}</TotalTimeSeconds>'
        f"<DistanceMeters>{sample.distance_m:.1f}</DistanceMeters><Track>{points}</Track></Lap>"
        "</Activity></Activities></TrainingCenterDatabase>\n"
    ).encode()


def _crc(data: bytes, crc: int = 0) -> int:
    for byte in data:
        for nibble in (byte & 0x0F, byte >> 4):
            tmp = _CRC_TABLE[crc & 0x0F]
            crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ _CRC_TABLE[nibble]
    return crc


def _fit_time(at: datetime) -> int:
    return int((at - FIT_EPOCH).total_seconds())


def _definition(local: int, global_number: int, fields: list[tuple[int, int, int]]) -> bytes:
    """A definition message: (field number, size, base type) per field, little-endian."""
    head = struct.pack("<BBBHB", 0x40 | local, 0, 0, global_number, len(fields))
    return head + b"".join(struct.pack("<BBB", *field) for field in fields)


def fit(sample: Sample, sport: str | None = "cycling", *, session: bool = True) -> bytes:
    """A FIT activity file: file_id, one record per fix and (optionally) a session summary."""
    body = bytearray()
    body += _definition(0, 0, [(0, 1, 0x00), (4, 4, 0x86)])  # file_id: type, time_created
    body += struct.pack("<BBI", 0, 4, _fit_time(sample.start))
    # record: timestamp, position_lat, position_long, altitude (scale 5, offset 500), distance
    body += _definition(1, 20, [(253, 4, 0x86), (0, 4, 0x85), (1, 4, 0x85), (2, 2, 0x84),
                                (5, 4, 0x86)])  # fmt: skip
    for at, lat, lon, ele, metres in sample.fixes():
        body += struct.pack(
            "<BIiiHI", 1, _fit_time(at), round(lat / 180 * 2**31), round(lon / 180 * 2**31),
            round((ele + 500) * 5), round(metres * 100),
        )  # fmt: skip
    if session:
        seconds = sample.seconds
        # session: timestamp, start_time, sport, total_elapsed_time, total_timer_time,
        # total_distance, total_ascent
        body += _definition(2, 18, [(253, 4, 0x86), (2, 4, 0x86), (5, 1, 0x00), (7, 4, 0x86),
                                    (8, 4, 0x86), (9, 4, 0x86), (22, 2, 0x84)])  # fmt: skip
        body += struct.pack(
            "<BIIBIIIH", 2, _fit_time(sample.start + timedelta(seconds=seconds)),
            _fit_time(sample.start), _FIT_SPORTS.get(sport or "", 0), seconds * 1000,
            seconds * 1000, round(sample.distance_m * 100), round(sample.climb_m),
        )  # fmt: skip
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", _crc(header))
    content = header + bytes(body)
    return content + struct.pack("<H", _crc(content))
