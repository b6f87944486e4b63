"""Tests of the Rego 6xx simulator, driven with raw bytes over a socket and a pty.

Expected bytes are the reference's test vectors and worked examples (A.3, A.4, A.9),
written out literally, so the simulator is checked against the document and not
against its own encoder.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
import json
import math
import os
from pathlib import Path
import re
import select
import signal
import subprocess
import sys
import termios
import time
import tty
from typing import TYPE_CHECKING

import pytest
import serialx

from tests.simulators import rego_frames as frames
from tests.simulators.rego import (
    FIXTURE,
    LAYOUTS,
    ErrorEntry,
    Faults,
    Layout,
    RegoSimulator,
    RequestRecord,
    WriteRecord,
    main,
    requests_of,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

REPO_ROOT = Path(__file__).resolve().parents[2]
QUIET = 0.2
"""How long a test listens to be sure nothing (more) arrives."""

VERSION = bytes.fromhex("81 7F 00 00 00 00 00 00 00")
VERSION_600 = bytes.fromhex("01 00 04 58 5C")
READ_020D = bytes.fromhex("81 02 00 04 0D 00 00 00 09")
READ_0209 = bytes.fromhex("81 02 00 04 09 00 00 00 0D")
READ_PANEL_0012 = bytes.fromhex("81 00 00 00 12 00 00 00 12")
WRITE_020D_12 = bytes.fromhex("81 03 00 04 0D 00 00 0C 05")
WRITE_HEAT_CURVE_27 = bytes.fromhex("81 03 00 00 00 00 00 1B 1B")
READ_LAST_ERROR = bytes.fromhex("81 40 00 00 00 00 00 00 00")
READ_DISPLAY_3 = bytes.fromhex("81 20 00 00 03 00 00 00 03")
READ_PREVIOUS_ERROR = bytes.fromhex("81 42 00 00 00 00 00 00 00")
READ_HEAT_CURVE = bytes.fromhex("81 02 00 00 00 00 00 00 00")
ACK = b"\x01"
# Error 11 at 2025-01-28 05:11:52: code and "250128 05:11:52" as nibble pairs (A.9).
ERROR_11 = bytes.fromhex(
    "01 00 0B 03 02 03 05 03 00 03 01 03 02 03 08 02 00 03 00 03 05 03 0A"
    " 03 01 03 01 03 0A 03 05 03 02 00 00 00 00 00 00 00 00 07"
)
NO_ERROR = bytes.fromhex("01 FF") + bytes(39) + bytes.fromhex("FF")
DISPLAY_3 = bytes.fromhex(  # "Hot water    48.0" padded to 20 characters
    "01 04 08 06 0F 07 04 02 00 07 07 06 01 07 04 06 05 07 02 02 00 02 00"
    " 02 00 02 00 03 04 03 08 02 0E 03 00 02 00 02 00 02 00 07"
)


def local(text: str) -> datetime:
    """A controller time: local, without a zone, as the error log keeps it."""
    return datetime.fromisoformat(text)


@pytest.fixture(autouse=True)
def _loopback_sockets(request: pytest.FixtureRequest) -> None:
    """Allow 127.0.0.1 sockets where pytest-socket blocks them (HA test plugin)."""
    with contextlib.suppress(pytest.FixtureLookupError):
        request.getfixturevalue("socket_enabled")


@pytest.fixture
async def sim() -> AsyncIterator[RegoSimulator]:
    async with RegoSimulator("600") as simulator:
        yield simulator


@pytest.fixture
async def sim636() -> AsyncIterator[RegoSimulator]:
    async with RegoSimulator("636") as simulator:
        yield simulator


class TcpHost:
    """The host end of a TCP bridge: raw bytes, exact lengths, bounded waits."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def connect(cls, sim: RegoSimulator) -> TcpHost:
        if sim.tcp_address is None:
            await sim.start_tcp()
        assert sim.tcp_address is not None
        return cls(*await asyncio.open_connection(*sim.tcp_address))

    async def ask(self, frame: bytes, length: int) -> bytes:
        self.writer.write(frame)
        await self.writer.drain()
        return await asyncio.wait_for(self.reader.readexactly(length), 2)

    async def send(self, frame: bytes) -> None:
        self.writer.write(frame)
        await self.writer.drain()

    async def rest(self, within: float = QUIET) -> bytes:
        """Everything that arrives ``within`` seconds (stops early at EOF)."""
        data = b""
        deadline = time.monotonic() + within
        while (left := deadline - time.monotonic()) > 0:
            try:
                chunk = await asyncio.wait_for(self.reader.read(100), left)
            except TimeoutError:
                break
            if not chunk:
                break
            data += chunk
        return data

    async def at_eof(self) -> bool:
        return await asyncio.wait_for(self.reader.read(100), 2) == b""

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()


@contextlib.asynccontextmanager
async def tcp_host(sim: RegoSimulator) -> AsyncIterator[TcpHost]:
    host = await TcpHost.connect(sim)
    try:
        yield host
    finally:
        await host.close()


class PtyHost:
    """The host end of the pty, opened as a serial port is (raw, non-blocking)."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        tty.setraw(self.fd, termios.TCSANOW)  # not TCSAFLUSH: keep stale input to look at

    async def _readable(self, within: float) -> bool:
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        loop.add_reader(self.fd, lambda: ready.done() or ready.set_result(None))
        try:
            await asyncio.wait_for(ready, within)
        except TimeoutError:
            return False
        finally:
            loop.remove_reader(self.fd)
        return True

    async def read(self, length: int, within: float = 2) -> bytes:
        data = b""
        deadline = time.monotonic() + within
        while len(data) < length:
            left = deadline - time.monotonic()
            assert left > 0, f"got {data.hex(' ')} of {length} bytes"
            if await self._readable(left):
                data += os.read(self.fd, length - len(data))
        return data

    async def ask(self, frame: bytes, length: int) -> bytes:
        os.write(self.fd, frame)
        return await self.read(length)

    def send(self, frame: bytes) -> None:
        os.write(self.fd, frame)

    async def rest(self, within: float = QUIET) -> bytes:
        data = b""
        while await self._readable(within):
            data += os.read(self.fd, 100)
        return data

    def close(self) -> None:
        os.close(self.fd)


@contextlib.asynccontextmanager
async def pty_host(sim: RegoSimulator) -> AsyncIterator[PtyHost]:
    path = sim.pty_path or await sim.start_pty()
    host = PtyHost(path)
    try:
        yield host
    finally:
        host.close()


# ------------------------------------------------------------------ fixture


def test_the_simulators_encoder_gives_the_reference_vectors() -> None:
    assert frames.request(0x7F, 0) == VERSION
    assert frames.request(0x02, 0x020D) == READ_020D
    assert frames.request(0x02, 0x0209) == READ_0209
    assert frames.request(0x00, 0x0012) == READ_PANEL_0012
    assert frames.request(0x03, 0x020D, 12) == WRITE_020D_12
    assert frames.request(0x03, 0x0000, 27) == WRITE_HEAT_CURVE_27
    assert frames.request(0x40, 0) == READ_LAST_ERROR
    assert frames.request(0x20, 3) == READ_DISPLAY_3
    assert frames.pack7(-25) == bytes.fromhex("03 7F 67")
    assert frames.short_reply(600) == VERSION_600
    assert frames.unpack7(bytes.fromhex("03 7C 1D")) == 0xFE1D
    assert frames.signed16(0xFE1D) == -483
    assert frames.parse_request(READ_020D) == frames.Request(0x02, 0x020D, 0)
    assert frames.parse_request(READ_020D[:8] + b"\x08") is None
    assert frames.parse_request(b"\x80" + READ_020D[1:]) is None
    with pytest.raises(ValueError, match="40 bytes"):
        frames.long_reply(bytes(39))
    with pytest.raises(ValueError, match="needs its time"):
        frames.error_payload(3)
    with pytest.raises(ValueError, match="below 0xFF"):
        frames.error_payload(0xFF, local("2025-01-01 00:00:00"))


def test_fixture_places_both_layouts_as_the_reference_says() -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert data["version"] == 600
    assert set(data["layouts"]) == set(LAYOUTS) == {"600", "636"}
    groups: dict[str, int] = {}
    for key, spec in data["registers"].items():
        group = spec["channel"].split("#")[0]
        groups[group] = groups.get(group, 0) + 1
        a600, a636 = (int(spec["address"][layout], 16) for layout in ("600", "636"))
        # A.8: sensors and devices sit 2 higher on a 636; control data as BlueAndi and
        # dala318 give it (unshifted); settings, hours and the panel are the same.
        shift = 2 if group in ("sensorValues", "deviceValues") else 0
        assert a636 == a600 + shift, key
        assert spec.get("command", 2) == (0 if group == "frontPanel" else 2), key
        assert spec.get("writable", False) == (group == "settings"), key
        # Keys are the openHAB channel names in snake_case; deviceValues#compressor keeps
        # the name, the GT6 sensor is told apart.
        name = spec["channel"].split("#")[1]
        if spec["channel"] == "sensorValues#compressor":
            name += "Temperature"
        assert re.fullmatch(r"[a-z][a-z0-9_]*", key), key
        assert key.replace("_", "") == name.lower(), key
    assert groups == {
        "sensorValues": 11,
        "controlData": 7,
        "deviceValues": 8,
        "settings": 22,
        "operatingTimes": 4,
        "frontPanel": 5,
    }


def test_fixture_addresses_match_the_reference_map() -> None:
    rego600 = RegoSimulator("600")
    rego636 = RegoSimulator("636")
    expected = {  # name: (600 address, 636 address), from A.7 and A.8
        "radiator_return": (0x0209, 0x020B),
        "external_hot_water": (0x0213, 0x0215),
        "cold_fluid_out": (0x0212, 0x0214),
        "cold_fluid_pump": (0x01FD, 0x01FF),
        "alarm": (0x0206, 0x0208),
        "add_heat_power_percent": (0x006C, 0x006C),
        "hot_water_off": (0x0074, 0x0074),
        "heat_curve": (0x0000, 0x0000),
        "indoor_temp_setting": (0x0021, 0x0021),
        "hot_water_target_hysteresis": (0x002C, 0x002C),
        "heat_pump_in_operation_rad": (0x0048, 0x0048),
        "add_heat_in_operation_dhw": (0x004E, 0x004E),
        "alarm_lamp": (0x0016, 0x0016),
    }
    for name, (a600, a636) in expected.items():
        assert rego600.register(name).address == a600, name
        assert rego636.register(name).address == a636, name
    assert rego600.register("power_lamp").command == 0x00
    assert rego600.register("outdoor").channel == "sensorValues#outdoor"
    assert rego600.layout_title == "Rego 600-635/637"
    assert rego636.layout_title == "Rego 636"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_fixture_values_are_plausible(layout: Layout) -> None:
    sim = RegoSimulator(layout)
    assert sim.signed("outdoor") == -50
    assert sim.signed("radiator_forward") == 350
    assert sim.signed("hot_water") == 480
    assert sim.signed("indoor") == 215
    assert sim.signed("external_hot_water") == -483  # the absent-sensor marker
    assert sim.raw("heat_pump_in_operation_rad") == 40000  # unsigned above 32767
    assert sim.signed("heat_pump_in_operation_rad") == -25536
    ranges = {  # openHAB thing-types ranges (A.7), in tenths
        "heat_curve": (0, 100),
        "heat_curve2": (0, 100),
        "heat_curve_fine_adj": (-100, 100),
        "heat_curve2_fine_adj": (-100, 100),
        "summer_disconnection": (100, 300),
        "indoor_temp_setting": (100, 300),
        "hot_water_target": (350, 540),
        "hot_water_target_hysteresis": (20, 150),
    }
    for name, (low, high) in ranges.items():
        assert low <= sim.signed(name) <= high, name
    assert sim.error_log == [ErrorEntry(11, local("2025-01-28 05:11:52"))]
    assert len(sim.display) == 4


def test_unknown_layout_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown layout"):
        RegoSimulator("635")  # type: ignore[arg-type]


def test_raw_values_api(sim: RegoSimulator) -> None:
    sim.set("outdoor", -38)
    assert sim.raw("outdoor") == 0xFFDA
    assert sim.get_raw(0x02, 0x020A) == 0xFFDA
    sim.set_raw(0x02, 0x0300, 65535)
    assert sim.get_raw(0x02, 0x0300) == 65535
    assert sim.get_raw(0x00, 0x0300) == 0  # another command, another address space
    with pytest.raises(ValueError, match="16-bit"):
        sim.set("outdoor", 70000)
    with pytest.raises(ValueError, match="16-bit"):
        sim.set("outdoor", -32769)


# ------------------------------------------------------------------ TCP: reference vectors


async def test_tcp_answers_the_reference_vectors(sim: RegoSimulator) -> None:
    async with tcp_host(sim) as host:
        assert await host.ask(VERSION, 5) == VERSION_600
        assert await host.ask(READ_020D, 5) == bytes.fromhex("01 00 01 57 56")  # 21.5
        assert await host.ask(READ_0209, 5) == bytes.fromhex("01 00 02 31 33")  # 30.5
        assert await host.ask(READ_PANEL_0012, 5) == bytes.fromhex("01 00 00 01 01")
        assert await host.ask(READ_LAST_ERROR, 42) == ERROR_11
        assert await host.ask(READ_DISPLAY_3, 42) == DISPLAY_3
        assert await host.rest() == b""
    assert sim.requests == [
        RequestRecord(0x7F, 0),
        RequestRecord(0x02, 0x020D),
        RequestRecord(0x02, 0x0209),
        RequestRecord(0x00, 0x0012),
        RequestRecord(0x40, 0),
        RequestRecord(0x20, 3),
    ]
    assert sim.writes == []
    assert sim.connections_made == 1


@pytest.mark.parametrize(
    ("raw", "reply"),
    [
        (600, "01 00 04 58 5C"),
        (293, "01 00 02 25 27"),
        (-38, "01 03 7F 5A 26"),
        (-483, "01 03 7C 1D 62"),
        (-9, "01 03 7F 77 0B"),
        (40000, "01 02 38 40 7A"),
    ],
)
async def test_tcp_short_replies_are_the_worked_examples(
    sim: RegoSimulator, raw: int, reply: str
) -> None:
    sim.set("outdoor", raw)
    async with tcp_host(sim) as host:
        assert await host.ask(frames.request(0x02, 0x020A), 5) == bytes.fromhex(reply)


async def test_tcp_rego_636_layout(sim636: RegoSimulator) -> None:
    async with tcp_host(sim636) as host:
        assert await host.ask(VERSION, 5) == VERSION_600  # 600 on both layouts
        # 0x020D is GT5 (indoor) on a 600 but GT3 (hot water, 48.0) on a 636.
        assert await host.ask(READ_020D, 5) == bytes.fromhex("01 00 03 60 63")
        indoor = frames.request(0x02, 0x020F)
        assert await host.ask(indoor, 5) == bytes.fromhex("01 00 01 57 56")
        # Nothing of the 636 map lives at 0x0209 (GT1 moved to 0x020B): memory reads 0.
        assert await host.ask(READ_0209, 5) == bytes.fromhex("01 00 00 00 00")
        # Control data unshifted: 0x006D is the forward target (36.2).
        target = frames.request(0x02, 0x006D)
        assert await host.ask(target, 5) == bytes.fromhex("01 00 02 6A 68")
        assert await host.ask(READ_PANEL_0012, 5) == bytes.fromhex("01 00 00 01 01")


async def test_tcp_settings_are_written_and_read_back(sim: RegoSimulator) -> None:
    async with tcp_host(sim) as host:
        assert await host.ask(WRITE_HEAT_CURVE_27, 1) == ACK
        assert await host.ask(READ_HEAT_CURVE, 5) == bytes.fromhex("01 00 00 1B 1B")
        write_minus_25 = bytes.fromhex("81 03 00 00 01 03 7F 67 1A")  # fine adj -2.5
        assert write_minus_25 == frames.request(0x03, 0x0001, -25)
        assert await host.ask(write_minus_25, 1) == ACK
        read_fine_adj = frames.request(0x02, 0x0001)
        assert await host.ask(read_fine_adj, 5) == bytes.fromhex("01 03 7F 67 1B")
        assert await host.rest() == b""
    assert sim.raw("heat_curve") == 27
    assert sim.signed("heat_curve_fine_adj") == -25
    assert sim.writes == [WriteRecord(0x03, 0x0000, 27), WriteRecord(0x03, 0x0001, -25)]
    assert [r.command for r in sim.requests] == [0x03, 0x02, 0x03, 0x02]
    assert sim.requests[0] == RequestRecord(0x03, 0x0000, 27)


async def test_tcp_write_to_a_read_only_register_is_acked_but_changes_nothing(
    sim: RegoSimulator,
) -> None:
    async with tcp_host(sim) as host:
        # The reference's write vector targets 0x020D, the indoor sensor on a 600.
        assert await host.ask(WRITE_020D_12, 1) == ACK
        assert await host.ask(READ_020D, 5) == bytes.fromhex("01 00 01 57 56")
        unknown = frames.request(0x03, 0x0300, 5)
        assert await host.ask(unknown, 1) == ACK
        assert await host.ask(frames.request(0x02, 0x0300), 5) == bytes.fromhex("01 00 00 00 00")
    assert sim.signed("indoor") == 215
    assert sim.writes == [WriteRecord(0x03, 0x020D, 12), WriteRecord(0x03, 0x0300, 5)]


async def test_tcp_front_panel_write_is_acked_and_logged(sim: RegoSimulator) -> None:
    async with tcp_host(sim) as host:
        wheel_left = bytes.fromhex("81 01 00 00 44 03 7F 7F 47")
        assert wheel_left == frames.request(0x01, 0x0044, -1)
        assert await host.ask(wheel_left, 1) == ACK
        assert await host.ask(READ_PANEL_0012, 5) == bytes.fromhex("01 00 00 01 01")
    assert sim.writes == [WriteRecord(0x01, 0x0044, -1)]
    assert sim.get_raw(0x00, 0x0044) == 0


async def test_tcp_substituted_write(sim: RegoSimulator) -> None:
    sim.substitute[0x0021] = 200  # the controller keeps 20.0 whatever is written
    async with tcp_host(sim) as host:
        assert await host.ask(frames.request(0x03, 0x0021, 225), 1) == ACK
    assert sim.writes == [WriteRecord(0x03, 0x0021, 225)]
    assert sim.signed("indoor_temp_setting") == 200


async def test_tcp_error_log_last_previous_and_new_entries(sim: RegoSimulator) -> None:
    async with tcp_host(sim) as host:
        assert await host.ask(READ_LAST_ERROR, 42) == ERROR_11
        assert await host.ask(READ_PREVIOUS_ERROR, 42) == NO_ERROR
        entry = sim.log_error(21, local("2026-03-04 22:33:44"))
        assert entry == ErrorEntry(21, local("2026-03-04 22:33:44"))
        newest = await host.ask(READ_LAST_ERROR, 42)
        assert newest == frames.long_reply(
            bytes.fromhex("01 05")
            + frames.nibbles(b"260304 22:33:44")
            + bytes(8)  # bytes 33-40 unused
        )
        assert await host.ask(READ_PREVIOUS_ERROR, 42) == ERROR_11
        assert await host.ask(READ_PREVIOUS_ERROR, 42) == NO_ERROR
        assert await host.ask(READ_PREVIOUS_ERROR, 42) == NO_ERROR
        # A previous-entry read without a last-entry read starts from the newest.
        sim._error_cursor = None
        assert await host.ask(READ_PREVIOUS_ERROR, 42) == ERROR_11
        sim.clear_errors()
        assert await host.ask(READ_LAST_ERROR, 42) == NO_ERROR


async def test_log_error_defaults_to_now(sim: RegoSimulator) -> None:
    before = datetime.now().replace(microsecond=0)  # noqa: DTZ005 - local time, as the controller
    entry = sim.log_error(4)
    assert entry.code == 4
    assert before <= entry.when <= datetime.now()  # noqa: DTZ005
    assert entry.when.microsecond == 0
    assert sim.error_log[-1] is entry


async def test_tcp_display_rows(sim: RegoSimulator) -> None:
    async with tcp_host(sim) as host:
        for row in range(4):
            reply = await host.ask(frames.request(0x20, row), 42)
            assert reply == frames.long_reply(frames.display_payload(sim.display[row]))
        sim.display = ["only one row"]
        empty = await host.ask(frames.request(0x20, 2), 42)
        assert empty == frames.long_reply(frames.nibbles(b" " * 20))
        await host.send(frames.request(0x20, 4))  # no such row
        assert await host.rest() == b""


async def test_tcp_unknown_commands_get_no_answer(sim: RegoSimulator) -> None:
    async with tcp_host(sim) as host:
        await host.send(frames.request(0x04, 0x0001))
        await host.send(frames.request(0x7E, 0))
        assert await host.rest() == b""
        assert await host.ask(VERSION, 5) == VERSION_600
    assert sim.requests == [RequestRecord(0x04, 1), RequestRecord(0x7E, 0), RequestRecord(0x7F, 0)]
    assert requests_of(sim.requests, 0x7F) == [RequestRecord(0x7F, 0)]


async def test_tcp_invalid_requests_are_ignored(sim: RegoSimulator) -> None:
    async with tcp_host(sim) as host:
        await host.send(READ_020D[:8] + b"\x08")  # bad checksum
        await host.send(b"\x80" + READ_020D[1:])  # not addressed to the pump
        assert await host.rest() == b""
        assert sim.requests == []
        # Noise before a request, and a truncated request before a whole one.
        assert await host.ask(b"\x00\x55" + VERSION, 5) == VERSION_600
        assert await host.ask(READ_020D[:5] + READ_020D, 5) == bytes.fromhex("01 00 01 57 56")
        # A request split over several writes is still one request.
        await host.send(VERSION[:3])
        await asyncio.sleep(0.05)
        assert await host.ask(VERSION[3:], 5) == VERSION_600
    assert sim.requests == [
        RequestRecord(0x7F, 0),
        RequestRecord(0x02, 0x020D),
        RequestRecord(0x7F, 0),
    ]
    assert bytes(sim.ignored) == (
        READ_020D[:8] + b"\x08" + b"\x80" + READ_020D[1:] + b"\x00\x55" + READ_020D[:5]
    )
    sim.clear_logs()
    assert (sim.requests, sim.writes, bytes(sim.ignored)) == ([], [], b"")


async def test_tcp_several_connections_over_time(sim: RegoSimulator) -> None:
    for _ in range(3):
        async with tcp_host(sim) as host:
            assert await host.ask(VERSION, 5) == VERSION_600
    assert sim.connections_made == 3
    assert len(sim.requests) == 3


async def test_request_log_keeps_time(sim: RegoSimulator) -> None:
    start = time.monotonic()
    async with tcp_host(sim) as host:
        await host.ask(VERSION, 5)
        await asyncio.sleep(0.05)
        await host.ask(WRITE_HEAT_CURVE_27, 1)
    first, second = sim.requests
    assert start <= first.time < second.time <= time.monotonic()
    assert second.time - first.time >= 0.05
    assert sim.writes[0].time == second.time


# ------------------------------------------------------------------ TCP: faults


async def test_fault_silent_then_recovery(sim: RegoSimulator) -> None:
    async with tcp_host(sim) as host:
        sim.faults.silent = True
        await host.send(VERSION)
        await host.send(WRITE_HEAT_CURVE_27)
        assert await host.rest() == b""
        sim.faults.clear()
        assert await host.ask(VERSION, 5) == VERSION_600
        sim.faults.for_next(2, silent=True)
        await host.send(VERSION)
        await host.send(VERSION)
        assert await host.rest() == b""
        assert await host.ask(VERSION, 5) == VERSION_600
    # A silent controller did not act on the write it was sent.
    assert sim.raw("heat_curve") == 40
    assert sim.writes == []
    assert len(sim.requests) == 6
    assert sim.faults == Faults()


async def test_fault_bad_checksum(sim: RegoSimulator) -> None:
    sim.faults.for_next(3, bad_checksum=True)
    async with tcp_host(sim) as host:
        assert await host.ask(VERSION, 5) == bytes.fromhex("01 00 04 58 5D")
        assert await host.ask(READ_LAST_ERROR, 42) == ERROR_11[:41] + b"\x06"
        assert await host.ask(WRITE_HEAT_CURVE_27, 1) == ACK  # an ack has no checksum
        assert await host.ask(VERSION, 5) == VERSION_600
    assert sim.raw("heat_curve") == 27


async def test_fault_bad_header(sim: RegoSimulator) -> None:
    sim.faults.bad_header = True
    async with tcp_host(sim) as host:
        assert await host.ask(VERSION, 5) == bytes.fromhex("00 00 04 58 5C")
        assert await host.ask(WRITE_HEAT_CURVE_27, 1) == b"\x00"
        sim.faults.bad_header = False
        assert await host.ask(VERSION, 5) == VERSION_600


async def test_fault_short_reply(sim: RegoSimulator) -> None:
    sim.faults.for_next(2, short_reply=3)
    async with tcp_host(sim) as host:
        await host.send(VERSION)
        assert await host.rest() == VERSION_600[:3]
        await host.send(READ_LAST_ERROR)
        assert await host.rest() == ERROR_11[:3]
        assert await host.ask(VERSION, 5) == VERSION_600


async def test_fault_garbage_before_reply(sim: RegoSimulator) -> None:
    sim.faults.for_next(1, garbage=b"\x7e\x00\xff")
    async with tcp_host(sim) as host:
        await host.send(VERSION)
        assert await host.rest() == b"\x7e\x00\xff" + VERSION_600
        assert await host.ask(VERSION, 5) == VERSION_600


async def test_fault_drop_after_request(sim: RegoSimulator) -> None:
    sim.faults.for_next(1, drop_after_request=True)
    async with tcp_host(sim) as host:
        await host.send(WRITE_HEAT_CURVE_27 + VERSION)
        assert await host.at_eof()
    # The write was never acted upon, and the request behind it never arrived.
    assert sim.writes == []
    assert sim.raw("heat_curve") == 40
    assert sim.requests == [RequestRecord(0x03, 0, 27)]
    async with tcp_host(sim) as host:  # the client reconnects
        assert await host.ask(VERSION, 5) == VERSION_600
    assert sim.connections_made == 2


async def test_fault_drop_mid_reply(sim: RegoSimulator) -> None:
    sim.faults.drop_mid_reply = True
    async with tcp_host(sim) as host:
        await host.send(READ_LAST_ERROR)
        assert await host.rest(2) == ERROR_11[:21]
        assert await host.at_eof()
    async with tcp_host(sim) as host:
        await host.send(WRITE_HEAT_CURVE_27)
        assert await host.rest(2) == b""  # half of a 1-byte ack is nothing
        assert await host.at_eof()
    assert sim.raw("heat_curve") == 27  # the write happened; only its ack was lost
    sim.faults.clear()
    async with tcp_host(sim) as host:
        assert await host.ask(VERSION, 5) == VERSION_600


async def test_fault_delay(sim: RegoSimulator) -> None:
    sim.faults.delay = 0.3
    async with tcp_host(sim) as host:
        start = time.monotonic()
        await host.send(VERSION)
        assert await host.rest(0.15) == b""
        assert await host.ask(b"", 5) == VERSION_600
        assert time.monotonic() - start >= 0.3


async def test_line_speed_paces_replies(sim: RegoSimulator) -> None:
    sim.line_baudrate = 1200  # (9 + 42) bytes x 10 bits at 1200 baud = 425 ms
    async with tcp_host(sim) as host:
        start = time.monotonic()
        assert await host.ask(READ_LAST_ERROR, 42) == ERROR_11
        assert time.monotonic() - start >= 0.425
        sim.line_baudrate = None
        start = time.monotonic()
        assert await host.ask(READ_LAST_ERROR, 42) == ERROR_11
        assert time.monotonic() - start < 0.425
    assert sim.replies == [42, 42]
    sim.line_baudrate = 19200
    assert sim.wire_time(5) == pytest.approx(14 * 10 / 19200)
    sim.clear_logs()
    assert sim.replies == []


async def test_faults_limited_to_next_requests_each_count_down(sim: RegoSimulator) -> None:
    sim.faults.delay = 0.01  # unlimited: stays
    sim.faults.for_next(1, bad_header=True)
    sim.faults.for_next(2, bad_checksum=True)
    async with tcp_host(sim) as host:
        assert await host.ask(VERSION, 5) == bytes.fromhex("00 00 04 58 5D")
        assert await host.ask(VERSION, 5) == bytes.fromhex("01 00 04 58 5D")
        assert await host.ask(VERSION, 5) == VERSION_600
    assert sim.faults == Faults(delay=0.01)


def test_faults_refuse_unknown_names_and_empty_spans() -> None:
    faults = Faults()
    with pytest.raises(TypeError, match="unknown fault"):
        faults.for_next(1, mute=True)
    with pytest.raises(ValueError, match="at least one"):
        faults.for_next(0, silent=True)
    faults.for_next(5, short_reply=2, garbage=b"x")
    faults.clear()
    assert faults == Faults()
    assert faults.take() == Faults()


async def test_drop_connections(sim: RegoSimulator) -> None:
    async with tcp_host(sim) as first, tcp_host(sim) as second:
        assert await first.ask(VERSION, 5) == VERSION_600
        assert await second.ask(VERSION, 5) == VERSION_600
        assert sim.drop_connections() == 2
        assert await first.at_eof()
        assert await second.at_eof()
    assert sim.drop_connections() == 0


async def test_stop_closes_the_bridge() -> None:
    sim = RegoSimulator()
    host, port = await sim.start_tcp()
    client = await TcpHost.connect(sim)
    await sim.stop()
    assert await client.at_eof()
    await client.close()
    with pytest.raises(OSError, match="onnect"):
        await asyncio.open_connection(host, port)


# ------------------------------------------------------------------ pseudo-terminal


@pytest.mark.parametrize("layout", LAYOUTS)
async def test_pty_answers_the_reference_vectors(layout: Layout) -> None:
    async with RegoSimulator(layout) as sim, pty_host(sim) as host:
        assert sim.pty_path is not None
        assert sim.pty_path.startswith("/dev/")
        assert await host.ask(VERSION, 5) == VERSION_600
        indoor = READ_020D if layout == "600" else frames.request(0x02, 0x020F)
        assert await host.ask(indoor, 5) == bytes.fromhex("01 00 01 57 56")
        assert await host.ask(READ_PANEL_0012, 5) == bytes.fromhex("01 00 00 01 01")
        assert await host.ask(WRITE_HEAT_CURVE_27, 1) == ACK
        assert await host.ask(READ_HEAT_CURVE, 5) == bytes.fromhex("01 00 00 1B 1B")
        assert await host.ask(READ_LAST_ERROR, 42) == ERROR_11
        assert await host.ask(READ_DISPLAY_3, 42) == DISPLAY_3
        assert await host.rest() == b""
    assert sim.writes == [WriteRecord(0x03, 0, 27)]


async def test_pty_port_reopened(sim: RegoSimulator) -> None:
    for _ in range(3):
        async with pty_host(sim) as host:
            assert await host.ask(VERSION, 5) == VERSION_600
    assert len(sim.requests) == 3


async def test_pty_reply_sent_while_nobody_listens_waits_as_stale_input(
    sim: RegoSimulator,
) -> None:
    sim.faults.for_next(1, delay=0.1)
    async with pty_host(sim) as host:
        host.send(VERSION)
    await asyncio.sleep(0.3)  # the reply arrives after the port was closed
    async with pty_host(sim) as host:
        assert await host.read(5) == VERSION_600
        assert await host.ask(VERSION, 5) == VERSION_600


async def test_pty_faults(sim: RegoSimulator) -> None:
    async with pty_host(sim) as host:
        sim.faults.for_next(1, silent=True)
        host.send(VERSION)
        assert await host.rest() == b""
        sim.faults.for_next(1, bad_checksum=True)
        assert await host.ask(VERSION, 5) == bytes.fromhex("01 00 04 58 5D")
        sim.faults.for_next(1, short_reply=2)
        host.send(VERSION)
        assert await host.rest() == VERSION_600[:2]
        sim.faults.for_next(1, garbage=b"\x00")
        assert await host.ask(VERSION, 6) == b"\x00" + VERSION_600
        # A serial line has no connection to drop: the controller just stops sending.
        sim.faults.for_next(1, drop_after_request=True)
        host.send(VERSION)
        assert await host.rest() == b""
        sim.faults.for_next(1, drop_mid_reply=True)
        host.send(VERSION)
        assert await host.rest() == VERSION_600[:2]
        host.send(b"\x81\x02\x00")  # a broken request, then a good one
        assert await host.ask(VERSION, 5) == VERSION_600
    assert bytes(sim.ignored) == b"\x81\x02\x00"
    assert len(sim.requests) == 7


async def test_pty_through_serialx(sim: RegoSimulator) -> None:
    """The integration opens the pty path as a serial port through serialx."""
    path = await sim.start_pty()
    for _ in range(2):  # and reconnects
        reader, writer = await serialx.open_serial_connection(
            path, baudrate=19200, parity="N", stopbits=1, byte_size=8
        )
        try:
            writer.write(VERSION)
            assert await asyncio.wait_for(reader.readexactly(5), 2) == VERSION_600
            writer.write(frames.request(0x03, 0x0021, 225))
            assert await asyncio.wait_for(reader.readexactly(1), 2) == ACK
            writer.write(frames.request(0x02, 0x0021))
            reply = await asyncio.wait_for(reader.readexactly(5), 2)
            assert reply == bytes.fromhex("01 00 01 61 60")  # 22.5
        finally:
            writer.close()
            await writer.wait_closed()
    assert sim.signed("indoor_temp_setting") == 225


async def test_tcp_and_pty_at_once_share_the_register_image(sim: RegoSimulator) -> None:
    async with tcp_host(sim) as tcp, pty_host(sim) as serial:
        assert await tcp.ask(WRITE_HEAT_CURVE_27, 1) == ACK
        assert await serial.ask(READ_HEAT_CURVE, 5) == bytes.fromhex("01 00 00 1B 1B")


# ------------------------------------------------------------------ animation


async def test_animation_varies_temperatures_and_counts_hours(sim: RegoSimulator) -> None:
    hours = sim.raw("heat_pump_in_operation_rad")
    # Thirty ticks stand for one running hour.
    sim.start_animation(interval=0.002, speed=3600 / (30 * 0.002))
    sim.start_animation(interval=0.002)  # a second start is a no-op
    deadline = time.monotonic() + 5
    outdoor = set()
    while sim.raw("heat_pump_in_operation_rad") == hours:
        assert time.monotonic() < deadline
        outdoor.add(sim.signed("outdoor"))
        await asyncio.sleep(0.01)
    await sim.stop_animation()
    assert sim.raw("heat_pump_in_operation_rad") == hours + 1
    assert len(outdoor) > 1
    # Fixture -5.0 C, swinging half a degree: only the wave's own values are seen.
    assert outdoor <= {-50 + round(5 * math.sin(tick / 15)) for tick in range(31)}


# ------------------------------------------------------------------ command line


def test_cli_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for option in ("--layout", "--fixture", "--tcp", "--pty", "--delay", "--line-speed"):
        assert option in out
    assert "9265" in out


def test_cli_rejects_a_bad_address(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--tcp", "somewhere"])
    assert exc.value.code == 2
    assert "HOST:PORT" in capsys.readouterr().err


class _Lines:
    """Reads a child's stdout line by line without buffering ahead of select()."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        self._fd = proc.stdout.fileno()
        self._buffer = b""

    def next(self, within: float = 10) -> str:
        deadline = time.monotonic() + within
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self._fd], [], [], max(remaining, 0))
            assert ready, f"simulator printed no line; so far: {self._buffer!r}"
            chunk = os.read(self._fd, 4096)
            assert chunk, f"simulator exited; output: {self._buffer!r}"
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode().strip()

    def rest(self) -> str:
        while chunk := os.read(self._fd, 4096):
            self._buffer += chunk
        return self._buffer.decode()


async def test_cli_serves_until_interrupted() -> None:
    proc = subprocess.Popen(  # noqa: ASYNC220 - a short-lived child, polled below
        [
            sys.executable,
            "-m",
            "tests.simulators.rego",
            "--layout",
            "636",
            "--tcp",
            "127.0.0.1:0",
            "--pty",
            "--verbose",
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
    )
    lines = _Lines(proc)
    try:
        assert lines.next() == "Rego 6xx simulator, layout 636 (Rego 636)"
        tcp_line = lines.next()
        assert tcp_line.startswith("TCP bridge on 127.0.0.1:")
        port = int(tcp_line.rsplit(":", 1)[1])
        path = lines.next().rsplit(" on ", 1)[1]
        assert path.startswith("/dev/")
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(frames.request(0x02, 0x020F))
        assert await asyncio.wait_for(reader.readexactly(5), 5) == bytes.fromhex("01 00 01 57 56")
        writer.close()
        host = PtyHost(path)
        try:
            assert await host.ask(VERSION, 5) == VERSION_600
        finally:
            host.close()
        assert lines.next() == "command 0x02 address 0x020F value 0"
        assert lines.next() == "command 0x7F address 0x0000 value 0"
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
        assert "Stopped." in lines.rest()
        assert proc.stdout is not None
        proc.stdout.close()


async def test_stop_tcp_refuses_then_start_tcp_binds_the_same_port(sim: RegoSimulator) -> None:
    async with tcp_host(sim) as host:
        assert await host.ask(VERSION, 5) == VERSION_600
        address = sim.tcp_address
        assert address is not None
        assert await sim.stop_tcp() == [address]
        assert await host.at_eof()
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection(*address)
    assert await sim.start_tcp(*address) == address
    async with tcp_host(sim) as host:
        assert await host.ask(VERSION, 5) == VERSION_600
