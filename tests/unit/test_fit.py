"""The FIT reader on hand-built files: byte orders, compressed timestamps, developer fields,
chained files, and every way a file is refused."""

import struct
from datetime import UTC, datetime, timedelta

import pytest

from bot.devkit import tracks
from bot.parsing.fit import FIT_EPOCH, FitError, fit_crc, read_fit
from bot.parsing.tracks import TrackError, TrackSummary, read_track

START = datetime(2026, 11, 22, 9, tzinfo=UTC)
T0 = int((START - FIT_EPOCH).total_seconds())
# record: timestamp, position_lat, position_long, altitude, distance
RECORD = [(253, 4, 0x86), (0, 4, 0x85), (1, 4, 0x85), (2, 2, 0x84), (5, 4, 0x86)]


def _definition(
    local: int,
    number: int,
    fields: list[tuple[int, int, int]],
    *,
    big: bool = False,
    dev: list[tuple[int, int, int]] | None = None,
) -> bytes:
    endian = ">" if big else "<"
    flags = 0x40 | local | (0x20 if dev is not None else 0)
    head = struct.pack("<BBB", flags, 0, int(big)) + struct.pack(f"{endian}H", number)
    body = bytes([len(fields)]) + b"".join(bytes(f) for f in fields)
    if dev is not None:
        body += bytes([len(dev)]) + b"".join(bytes(f) for f in dev)
    return head + body


def _semicircles(degrees: float) -> int:
    return round(degrees / 180 * 2**31)


def _record(local: int, i: int, *, big: bool = False, header: int | None = None) -> bytes:
    """A record `i` seconds in, 5 m a second north, climbing 0.1 m a second."""
    endian = ">" if big else "<"
    lat = _semicircles(52.5 + i * 5 / 111_195)
    values = struct.pack(f"{endian}IiiHI", T0 + i, lat, _semicircles(13.4),
                         round((40 + i / 10 + 500) * 5), i * 500)  # fmt: skip
    return bytes([local if header is None else header]) + values


def _file(body: bytes, *, header_size: int = 14, header_crc: bool = True) -> bytes:
    header = struct.pack("<BBHI4s", header_size, 0x20, 2132, len(body), b".FIT")
    if header_size == 14:
        header += struct.pack("<H", fit_crc(header) if header_crc else 0)
    content = header + body
    return content + struct.pack("<H", fit_crc(content))


def _records(n: int = 601, **kwargs: bool) -> bytes:
    return _definition(0, 20, RECORD, **kwargs) + b"".join(_record(0, i, **kwargs)
                                                            for i in range(n))  # fmt: skip


def _read(content: bytes) -> TrackSummary:
    summary = read_track("a.fit", content)
    assert isinstance(summary, TrackSummary), summary
    return summary


def test_the_sample_writer_and_the_reader_agree() -> None:
    sample = tracks.Sample(START, points=601, speed_ms=5.0, climb_m=30)
    activity = read_fit(tracks.fit(sample, "running"))
    assert len(activity.records) == 601 and activity.sports == [1]
    assert activity.session is not None and activity.session.distance_m == 3000.0
    at, lat, lon, ele, metres = activity.records[600]
    assert at == START + timedelta(seconds=600) and metres == 3000.0
    assert lat == pytest.approx(52.5 + 3000 / 111_195) and lon == pytest.approx(13.4)
    assert ele == pytest.approx(70.0)


@pytest.mark.parametrize("big", [False, True])
def test_records_in_either_byte_order_without_a_session(big: bool) -> None:
    summary = _read(_file(_records(big=big)))
    assert (summary.sport, summary.distance_km, summary.moving_s, summary.points) == (
        None, 3.0, 600, 601)  # fmt: skip
    assert summary.started_at == START and summary.elevation_gain_m == 60


def test_a_twelve_byte_header_and_a_header_without_its_crc() -> None:
    for content in (_file(_records(), header_size=12), _file(_records(), header_crc=False)):
        assert _read(content).distance_km == 3.0


def test_compressed_timestamps_count_on_from_the_last_full_one() -> None:
    # local type 1: a record without a timestamp; its time comes from the header's 5 bits
    body = _records(1) + _definition(1, 20, RECORD[1:])
    for i in range(1, 601):
        body += bytes([0x80 | 1 << 5 | (T0 + i) & 0x1F]) + _record(0, i)[5:]
    summary = _read(_file(body))
    assert (summary.moving_s, summary.distance_km, summary.points) == (600, 3.0, 601)


def test_developer_fields_are_skipped_once_described() -> None:
    developer_id = _definition(2, 207, [(3, 1, 0x02)]) + bytes([2, 0])
    description = _definition(3, 206, [(0, 1, 0x02), (1, 1, 0x02), (2, 1, 0x02)])
    description += bytes([3, 0, 7, 0x84])
    record = _definition(0, 20, RECORD, dev=[(7, 2, 0)])
    rows = b"".join(_record(0, i) + b"\x01\x02" for i in range(601))
    assert _read(_file(developer_id + description + record + rows)).distance_km == 3.0
    undescribed = developer_id + _definition(0, 20, RECORD, dev=[(8, 2, 0)]) + rows
    assert read_track("a.fit", _file(undescribed)) == TrackError("corrupt", "fit")
    undeclared = description + record + rows
    assert read_track("a.fit", _file(undeclared)) == TrackError("corrupt", "fit")


def test_enhanced_altitude_and_missing_values() -> None:
    fields = [(253, 4, 0x86), (0, 4, 0x85), (1, 4, 0x85), (78, 4, 0x86), (5, 4, 0x86)]
    body = _definition(0, 20, fields)
    for i in range(601):
        lat = 0x7FFFFFFF if i % 2 else _semicircles(52.5)
        body += struct.pack("<BIiiII", 0, T0 + i, lat, _semicircles(13.4),
                            round((100 + i / 10 + 500) * 5), i * 500)  # fmt: skip
    activity = read_fit(_file(body))
    assert activity.records[1][1] is None and activity.records[2][1] == pytest.approx(52.5)
    assert activity.records[600][3] == pytest.approx(160.0)
    assert _read(_file(body)).elevation_gain_m == 60


def test_the_sport_message_names_the_sport_and_the_last_session_counts() -> None:
    sport = _definition(1, 12, [(0, 1, 0x00)]) + bytes([1, 21])  # e_biking
    session = _definition(2, 18, [(5, 1, 0x00), (9, 4, 0x86), (8, 4, 0x86), (2, 4, 0x86)])
    first = struct.pack("<BBIII", 2, 1, 100_000, 60_000, T0)
    last = struct.pack("<BBIII", 2, 1, 250_000, 550_000, T0)
    summary = _read(_file(sport + _records() + session + first + last))
    assert (summary.sport, summary.distance_km, summary.moving_s) == ("ride", 2.5, 550)


def test_a_redefined_local_type_and_a_chained_file() -> None:
    other = _definition(0, 21, [(0, 1, 0x00)]) + bytes([0, 3])  # an event, then records
    first = _file(other + _records(301))
    later = b"".join(_record(0, i) for i in range(301, 601))
    second = _file(_definition(0, 20, RECORD) + later)
    summary = _read(first + second)
    assert (summary.points, summary.distance_km, summary.moving_s) == (601, 3.0, 600)


def test_compressed_speed_and_distance_accumulate() -> None:
    fields = [(253, 4, 0x86), (0, 4, 0x85), (1, 4, 0x85), (8, 3, 0x0D)]
    body = _definition(0, 20, fields)
    for i in range(601):
        sixteenths = (i * 5 * 16) % 4096  # 12 bits of 1/16 m, wrapping every 256 m
        packed = (sixteenths << 12 | 500).to_bytes(3, "little")
        body += struct.pack("<BIii", 0, T0 + i, _semicircles(52.5 + i * 5 / 111_195),
                            _semicircles(13.4)) + packed  # fmt: skip
    assert _read(_file(body)).distance_km == 3.0


@pytest.mark.parametrize(
    "damage",
    [
        lambda c: c[:-1],  # no room for the CRC
        lambda c: c[:-2] + bytes([c[-2] ^ 1, c[-1]]),  # the file CRC is wrong
        lambda c: c[:5] + bytes([c[5] ^ 1]) + c[6:],  # the header CRC is wrong
        lambda c: c[:-40],  # cut short
        lambda c: c + b"\x00" * 5,  # a chained file that is not one
        lambda c: c + c[:20],
        lambda c: bytes([13]) + c[1:],  # an impossible header size
    ],
)
def test_damaged_files_are_corrupt(damage: object) -> None:
    content = _file(_records())
    assert callable(damage)
    assert read_track("a.fit", damage(content)) == TrackError("corrupt", "fit")


def test_malformed_messages_are_corrupt() -> None:
    undefined = _records(3) + _record(5, 3)
    odd_size = _definition(0, 20, [(253, 3, 0x86)]) + b"\x00\x01\x02\x03"
    empty_field = _definition(0, 20, [(253, 0, 0x86)]) + b"\x00"
    array = _definition(0, 20, [(253, 8, 0x86)]) + bytes(9)
    overrun = _records(3) + _record(0, 3)[:-2]
    for body in (undefined, odd_size, empty_field, array, overrun):
        with pytest.raises(FitError):
            read_fit(_file(body))
        assert read_track("a.fit", _file(body)) == TrackError("corrupt", "fit")
