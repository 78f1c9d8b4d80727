"""A small reader of FIT activity files: only what an activity summary needs.

A general FIT decoder turns every field of every message into named, scaled values; for a
summary only five record fields, a session's totals and the sport matter. This reader walks
the binary format (headers, definition and data messages, compressed timestamps, either byte
order, developer fields, chained files) and unpacks just those fields with one precompiled
struct per definition, skipping the rest by size.

It refuses what a strict decoder refuses: a bad header, a header or file CRC that does not
match, a file cut short, a data message whose local type was never defined, a field whose size
is not a whole number of its base type, and developer fields that were never described.
Any refusal is a `FitError`, a ValueError.
"""

import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
_DATE_TIME_MIN = 0x10000000  # smaller date_time values count from power-on, not the epoch
_RECORD, _SESSION, _SPORT, _FIELD_DESCRIPTION, _DEVELOPER_DATA_ID = 20, 18, 12, 206, 207
_TIMESTAMP = 253
_SEMICIRCLE = 180 / 2**31
# base type byte -> (struct code, size, invalid value; None: NaN is invalid). Strings, bytes
# and unknown base types count one byte at a time and are never unpacked.
_BASE_TYPES: dict[int, tuple[str, int, int | None]] = {
    0x00: ("B", 1, 0xFF), 0x01: ("b", 1, 0x7F), 0x02: ("B", 1, 0xFF), 0x83: ("h", 2, 0x7FFF),
    0x84: ("H", 2, 0xFFFF), 0x85: ("i", 4, 0x7FFFFFFF), 0x86: ("I", 4, 0xFFFFFFFF),
    0x88: ("f", 4, None), 0x89: ("d", 8, None), 0x0A: ("B", 1, 0), 0x8B: ("H", 2, 0),
    0x8C: ("I", 4, 0), 0x8E: ("q", 8, 0x7FFFFFFFFFFFFFFF), 0x8F: ("Q", 8, 0xFFFFFFFFFFFFFFFF),
    0x90: ("Q", 8, 0),
}  # fmt: skip
# (global message, field number) -> name, for the fields this reader keeps
_WANTED = {
    (_RECORD, 0): "lat", (_RECORD, 1): "lon",
    (_RECORD, 2): "altitude", (_RECORD, 5): "distance", (_RECORD, 78): "enhanced_altitude",
    (_SESSION, 2): "start_time", (_SESSION, 5): "sport", (_SESSION, 8): "timer",
    (_SESSION, 9): "total_distance", (_SESSION, 22): "ascent", (_SPORT, 0): "sport",
    (_FIELD_DESCRIPTION, 0): "index", (_FIELD_DESCRIPTION, 1): "number",
    (_DEVELOPER_DATA_ID, 3): "index",
}  # fmt: skip
_COMPRESSED_SPEED_DISTANCE = 8  # record: 12 bits of speed, then 12 bits of distance (1/16 m)


class FitError(ValueError):
    """The bytes are not a valid FIT file."""


@dataclass(frozen=True, slots=True)
class FitSession:
    """A session message's totals, as the device counted them (any may be missing)."""

    distance_m: float | None
    moving_s: float | None
    ascent_m: float | None
    started_at: datetime | None


@dataclass
class FitActivity:
    """What the file says: one row per record, the sports named, the last session's totals."""

    # (time, latitude°, longitude°, elevation m, cumulative distance m), any of them None
    records: list[tuple[datetime | None, float | None, float | None, float | None,
                        float | None]] = field(default_factory=list)  # fmt: skip
    sports: list[int] = field(default_factory=list)  # FIT sport numbers, in file order
    session: FitSession | None = None


@dataclass(frozen=True, slots=True)
class _Definition:
    """How to read one local message type: its size and where the wanted fields sit."""

    global_number: int
    size: int
    unpack: struct.Struct | None  # the wanted fields, with the rest as padding
    names: tuple[str, ...]  # what each unpacked value is
    invalid: tuple[int | None, ...]  # each value's "no value" marker (None: NaN)
    speed_distance_at: int  # byte offset of a compressed speed/distance field, or -1
    distance_first: bool  # a distance field comes before the compressed one, so it counts
    readable: bool  # False when a field has size 0: any data message of it is corrupt


_CRC_TABLE: list[int] = []


def fit_crc(data: bytes | memoryview, crc: int = 0) -> int:
    """The FIT CRC (CRC-16/ARC), a byte at a time from a 256-entry table."""
    if not _CRC_TABLE:
        for byte in range(256):
            value = byte
            for _ in range(8):
                value = (value >> 1) ^ 0xA001 if value & 1 else value >> 1
            _CRC_TABLE.append(value)
    table = _CRC_TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def _accumulate(raw: int, total: int, bits: int) -> int:
    """A value that wraps every `bits` bits, unwrapped against the running total."""
    span = 1 << bits
    value = raw + (total & ~(span - 1))
    return value + span if raw < (total & (span - 1)) else value


def _time(raw: float | None) -> datetime | None:
    if raw is None or raw < _DATE_TIME_MIN:
        return None
    return FIT_EPOCH + timedelta(seconds=raw)


def read_fit(content: bytes) -> FitActivity:
    """Every FIT file in `content` (they may be chained), read for the activity summary."""
    activity = FitActivity()
    view = memoryview(content)
    offset = 0
    while True:
        offset = _read_file(view, offset, activity)
        if offset == len(content):
            return activity


def _read_file(view: memoryview, start: int, activity: FitActivity) -> int:
    """One FIT file from `start`; returns where the next one would begin."""
    if len(view) - start < 12:
        raise FitError("FIT header cut short")
    header_size: int
    body_size: int
    header_size, _, _, body_size, magic = struct.unpack_from("<BBHI4s", view, start)
    if header_size not in (12, 14) or magic != b".FIT":
        raise FitError("not a FIT header")
    if header_size == 14:
        if len(view) - start < 14:
            raise FitError("FIT header cut short")
        (header_crc,) = struct.unpack_from("<H", view, start + 12)
        if header_crc and header_crc != fit_crc(view[start : start + 12]):
            raise FitError("FIT header CRC does not match")
    body = start + header_size
    end = body + body_size
    if end + 2 > len(view):
        raise FitError("FIT file cut short")
    (file_crc,) = struct.unpack_from("<H", view, end)
    if file_crc != fit_crc(view[start:end]):
        raise FitError("FIT file CRC does not match")
    _read_messages(view, body, end, activity)
    return end + 2


def _read_definition(
    view: memoryview, offset: int, end: int, header: int, developer: dict[int, set[int]]
) -> tuple[_Definition, int]:
    """A definition message after its header byte; returns it and the offset after it."""
    if offset + 5 > end:
        raise FitError("FIT definition runs past the data")
    endian = ">" if view[offset + 1] else "<"
    (number,) = struct.unpack_from(f"{endian}H", view, offset + 2)
    count = view[offset + 4]
    offset += 5
    fields = [tuple(view[at : at + 3]) for at in range(offset, offset + 3 * count, 3)]
    offset += 3 * count
    if header & 0x20:  # developer fields follow
        if offset + 1 > end:
            raise FitError("FIT definition runs past the data")
        extra = view[offset]
        offset += 1
        for at in range(offset, offset + 3 * extra, 3):
            described, size, index = view[at : at + 3]
            if described not in developer.get(index, ()):
                raise FitError("a developer field that was never described")
            fields.append((-1, size, 0x0D))
        offset += 3 * extra
    if offset > end:
        raise FitError("FIT definition runs past the data")
    layout, names, invalid = [endian], [], []
    speed_distance_at = -1
    distance_first = readable = True
    for at, (field_number, size, base) in enumerate(fields):
        code, base_size, marker = _BASE_TYPES.get(base, ("", 1, None))
        if size % base_size:
            raise FitError(f"a FIT field of {size} bytes cannot hold its type")
        readable = readable and size > 0
        name = _WANTED.get((number, field_number))
        if name is None and field_number == _TIMESTAMP:
            name = "timestamp"
        if name is not None and code and size == base_size:
            layout.append(code)
            names.append(name)
            invalid.append(marker)
        elif name is not None and number in (_RECORD, _SESSION, _SPORT):
            raise FitError(f"the FIT field {name} is not a single number")
        else:
            layout.append(f"{size}x")
        if number == _RECORD and field_number == _COMPRESSED_SPEED_DISTANCE and size == 3:
            speed_distance_at = sum(f[1] for f in fields[:at])
            distance_first = any(f[0] == 5 for f in fields[:at])
    unpack = struct.Struct("".join(layout)) if names else None
    size = sum(f[1] for f in fields)
    definition = _Definition(number, size, unpack, tuple(names), tuple(invalid),
                             speed_distance_at, distance_first, readable)  # fmt: skip
    return definition, offset


def _read_messages(view: memoryview, offset: int, end: int, activity: FitActivity) -> None:
    definitions: dict[int, _Definition] = {}
    developer: dict[int, set[int]] = {}  # developer data index -> its described field numbers
    last_time = 0  # the raw timestamp that compressed headers count on from
    travelled = 0  # the running 12-bit distance of compressed speed/distance fields
    while offset < end:
        header = view[offset]
        offset += 1
        if header & 0x80:  # compressed timestamp: local type in bits 5-6, seconds in 0-4
            local, time_offset = (header >> 5) & 0x03, header & 0x1F
        elif header & 0x40:
            new, offset = _read_definition(view, offset, end, header, developer)
            definitions[header & 0x0F] = new
            if new.speed_distance_at >= 0:
                travelled = 0
            continue
        else:
            local, time_offset = header & 0x0F, -1
        definition = definitions.get(local)
        if definition is None:
            raise FitError(f"local message {local} used before its definition")
        if offset + definition.size > end:
            raise FitError("FIT message runs past the data")
        if not definition.readable:
            raise FitError("a FIT field of size 0")
        values: dict[str, float | None] = {}
        if definition.unpack is not None:
            unpacked = definition.unpack.unpack_from(view, offset)
            for name, value, marker in zip(definition.names, unpacked, definition.invalid,
                                           strict=True):  # fmt: skip
                missing = value != value if marker is None else value == marker
                values[name] = None if missing else value
        stamp = values.get("timestamp")
        if stamp is not None:
            last_time = int(stamp)
        if time_offset >= 0:
            last_time = _accumulate(time_offset, last_time, 5)
            values.setdefault("timestamp", last_time)
        number = definition.global_number
        if number == _RECORD:
            distance = values.get("distance")
            metres = None if distance is None else distance / 100
            at = definition.speed_distance_at
            if at >= 0:
                packed = bytes(view[offset + at : offset + at + 3])
                compressed = None
                if packed != b"\xff\xff\xff":
                    travelled = _accumulate(int.from_bytes(packed, "little") >> 12, travelled, 12)
                    compressed = travelled / 16
                if not definition.distance_first:
                    metres = compressed
            activity.records.append(_record(values, metres))
        elif number in (_SESSION, _SPORT):
            sport = values.get("sport")
            if sport is not None:
                activity.sports.append(int(sport))
            if number == _SESSION:
                activity.session = _session(values)
        elif number == _DEVELOPER_DATA_ID:
            index = values.get("index")
            if not isinstance(index, int):
                raise FitError("developer data without its index")
            developer[index] = set()
        elif number == _FIELD_DESCRIPTION:
            index, described = values.get("index"), values.get("number")
            if not isinstance(index, int) or index not in developer:
                raise FitError("a developer field of undeclared developer data")
            if isinstance(described, int):
                developer[index].add(described)
        offset += definition.size


def _record(
    values: dict[str, float | None], metres: float | None
) -> tuple[datetime | None, float | None, float | None, float | None, float | None]:
    lat, lon = values.get("lat"), values.get("lon")
    altitude = values.get("enhanced_altitude")
    if altitude is None:
        altitude = values.get("altitude")
    return (
        _time(values.get("timestamp")),
        None if lat is None else lat * _SEMICIRCLE,
        None if lon is None else lon * _SEMICIRCLE,
        None if altitude is None else altitude / 5 - 500,
        metres,
    )


def _session(values: dict[str, float | None]) -> FitSession:
    distance, timer = values.get("total_distance"), values.get("timer")
    return FitSession(
        None if distance is None else distance / 100,
        None if timer is None else timer / 1000,
        values.get("ascent"),
        _time(values.get("start_time")),
    )
