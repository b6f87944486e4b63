"""Tests of the Husdata H1 simulator, driven with raw bytes over a socket and a pty.

Expected lines are written out literally from the reference (part B) and the fixture
file, so the simulator is checked against the document and not against its own encoder.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from pathlib import Path
import random
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

from tests.simulators import husdata_wire as wire
from tests.simulators.husdata import FIXTURE, CommandRecord, HusdataSimulator, PushRecord
from tests.simulators.husdata_cli import main
from tests.simulators.husdata_faults import Faults

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures"
QUIET = 0.2
"""How long a test listens to be sure nothing (more) arrives."""

VERSION = b"XV000712\r\n"
# B.6, every id openHAB maps, in the reference's order.
OPENHAB_IDS = [
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "000A",
    "000B",
    "000E",
    "0011",
    "3104",
    "5104",
    "0107",
    "2108",
    "1A01",
    "1A04",
    "1A05",
    "1A06",
    "1A07",
    "1A08",
    "1A09",
    "1A0A",
    "1A0B",
    "1A0C",
    "1A0D",
    "1A20",
    "AFF1",
    "AFF2",
    "0203",
    "2204",
    "0205",
    "0206",
    "0207",
]


def fixture_dump() -> bytes:
    """The dump the fixture file asks for, built from the JSON text, not the simulator."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return b"".join(f"XR{key}{spec['raw']}\r\n".encode() for key, spec in data["ids"].items())


@pytest.fixture(autouse=True)
def _loopback_sockets(request: pytest.FixtureRequest) -> None:
    """Allow 127.0.0.1 sockets where pytest-socket blocks them (HA test plugin)."""
    with contextlib.suppress(pytest.FixtureLookupError):
        request.getfixturevalue("socket_enabled")


@pytest.fixture
async def sim() -> AsyncIterator[HusdataSimulator]:
    async with HusdataSimulator() as simulator:
        yield simulator


class TcpHost:
    """The host end of a TCP bridge: raw bytes, bounded waits."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def line(self, end: bytes = b"\r\n") -> bytes:
        return await asyncio.wait_for(self.reader.readuntil(end), 2)

    async def lines(self, count: int) -> bytes:
        return b"".join([await self.line() for _ in range(count)])

    async def ask(self, command: bytes, count: int = 1) -> bytes:
        await self.send(command)
        return await self.lines(count)

    async def rest(self, within: float = QUIET) -> bytes:
        """Everything that arrives ``within`` seconds (stops early at EOF)."""
        data = b""
        deadline = time.monotonic() + within
        while (left := deadline - time.monotonic()) > 0:
            try:
                chunk = await asyncio.wait_for(self.reader.read(4096), left)
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
async def tcp_host(sim: HusdataSimulator) -> AsyncIterator[TcpHost]:
    if sim.tcp_address is None:
        await sim.start_tcp()
    assert sim.tcp_address is not None
    host = TcpHost(*await asyncio.open_connection(*sim.tcp_address))
    try:
        yield host
    finally:
        await host.close()


class PtyHost:
    """The host end of the pty, opened as a serial port is (raw, non-blocking)."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        tty.setraw(self.fd, termios.TCSANOW)
        self.buffer = b""

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

    async def line(self, end: bytes = b"\r\n") -> bytes:
        deadline = time.monotonic() + 2
        while end not in self.buffer:
            left = deadline - time.monotonic()
            assert left > 0, f"no whole line, got {self.buffer!r}"
            if await self._readable(left):
                self.buffer += os.read(self.fd, 4096)
        line, self.buffer = self.buffer.split(end, 1)
        return line + end

    async def lines(self, count: int) -> bytes:
        return b"".join([await self.line() for _ in range(count)])

    async def ask(self, command: bytes, count: int = 1) -> bytes:
        self.send(command)
        return await self.lines(count)

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    async def rest(self, within: float = QUIET) -> bytes:
        data, self.buffer = self.buffer, b""
        while await self._readable(within):
            data += os.read(self.fd, 4096)
        return data

    def close(self) -> None:
        os.close(self.fd)


@contextlib.asynccontextmanager
async def pty_host(sim: HusdataSimulator) -> AsyncIterator[PtyHost]:
    host = PtyHost(sim.pty_path or await sim.start_pty())
    try:
        yield host
    finally:
        host.close()


# ------------------------------------------------------------------ fixture and wire


def test_fixture_holds_the_reference_ids_with_plausible_values() -> None:
    sim = HusdataSimulator()
    assert (sim.controller, sim.firmware) == ("00", "0712")
    assert [f"{i:04X}" for i in sim.ids[: len(OPENHAB_IDS)]] == OPENHAB_IDS
    assert [f"{i:04X}" for i in sim.ids[len(OPENHAB_IDS) :]] == ["0111", "2205", "6209", "6F56"]
    assert sim.signed(0x0007) == -52  # outdoor -5.2
    assert sim.get(0x0007) == 0xFFCC
    assert sim.signed(0x0002) == 350  # radiator forward 35.0
    assert sim.signed(0x0009) == 483  # hot water 48.3
    assert sim.signed(0x0008) == 215  # indoor 21.5
    assert sim.signed(0x0203) == 210  # room setpoint 21.0
    assert sim.get(0x1A01) == 1  # compressor on
    assert sim.get(0xAFF1) == 12345
    assert sim.get(0xAFF2) == 40000  # above 32767: only unsigned decoding gets it right
    assert sim.signed(0xAFF2) == -25536
    assert sim.get(0x3104) == 333
    assert sim.get(0x5104) == 30  # register 104 twice, told apart by the type digit
    assert sim.get(0x2108) == 620
    assert sim.get(0x0011) == 0x8000  # no sensor connected (B.9)
    assert sim.signed(0x0207) == -10
    assert sim.get(0x6F56) == 0x1046  # pitfall 1's unknown id
    assert sim.entries[0x0007].channel == "sensorValues#outdoor"
    assert sim.entries[0x6F56].channel is None
    assert sim.entries[0x0002].name == "Radiator forward"
    drifting = {i: e.drift for i, e in sim.entries.items() if e.drift is not None}
    assert drifting == {0x0007: (-1, 1), 0xAFF1: (1, 3), 0xAFF2: (1, 3)}


def test_fixture_variants() -> None:
    base = HusdataSimulator()
    no_room = HusdataSimulator(fixture=FIXTURES / "husdata_no_room_sensor.json")
    assert no_room.get(0x0008) == 0xDEAD  # shown as -853.1 by a signed /10 reader
    assert no_room.signed(0x0008) == -8531
    assert no_room.ids == base.ids
    assert {i: no_room.get(i) for i in no_room.ids if i != 0x0008} == {
        i: base.get(i) for i in base.ids if i != 0x0008
    }
    old = HusdataSimulator(fixture=FIXTURES / "husdata_old_interface.json")
    assert (old.controller, old.firmware) == (None, None)
    assert old.ids == base.ids


def test_wire_lines() -> None:
    assert wire.reading(0x0007, -52) == "XR0007FFCC"
    assert wire.reading(0xAFF2, 40000) == "XRAFF29C40"
    assert wire.reading(0x0001, -521) == "XR0001FDF7"  # -52.1, pitfall 11's 65015
    assert wire.version("00", "0712") == "XV000712"
    assert wire.listed(0x1A01, "Compressor") == "XL1A01 Compressor"
    assert wire.to_word(-1) == 0xFFFF
    assert wire.signed16(0x8000) == -32768
    with pytest.raises(ValueError, match="16-bit"):
        wire.to_word(0x10000)
    with pytest.raises(ValueError, match="16-bit"):
        wire.to_word(-32769)


def test_command_splitter_accepts_cr_lf_and_crlf() -> None:
    splitter = wire.CommandSplitter()
    assert splitter.feed(b"XV\rXL\nXR\r\n") == ["XV", "XL", "XR"]
    assert splitter.feed(b"X") == []
    assert splitter.feed(b"R\r") == ["XR"]
    assert splitter.feed(b"\r\n\r  \n") == []  # blank lines are no commands
    assert splitter.feed(b" XV \r") == ["XV"]
    assert splitter.feed(b"Z" * 70) == []
    assert bytes(splitter.dropped) == b"Z" * 70
    assert splitter.feed(b"XV\r") == ["XV"]


def test_garbage_kinds() -> None:
    rng = random.Random(1)
    assert wire.garbage("short", rng, 0x0007, 0xFFCC) == [b"XR0007FFC\r\n"]
    assert wire.garbage("long", rng, 0x0007, 0xFFCC) == [b"XR0007FFCC0\r\n"]
    assert wire.garbage("non_hex", rng, 0x0007, 0xFFCC) == [
        b"XR00070x1F\r\n",
        b"XR0007-001\r\n",
        b"XR00071_2A\r\n",
        b"XR0007 12 \r\n",
        b"XR0007GHIJ\r\n",
        b"XR000712.5\r\n",
    ]
    (printable,) = wire.garbage("printable", rng, 0x0007, 0xFFCC)
    assert printable.endswith(b"\r\n")
    assert printable[:-2].isascii()
    assert printable[:-2].decode().isprintable()
    assert not printable.startswith(b"X")
    (binary,) = wire.garbage("binary", rng, 0x0007, 0xFFCC)
    assert binary.startswith(b"\x00\xff\x80XR\xfe")
    assert binary.endswith(b"\r\n")
    assert b"\r" not in binary[:-2]
    assert b"\n" not in binary[:-2]
    assert len(wire.garbage("all", rng, 0x0007, 0xFFCC)) == 1 + 6 + 1 + 1 + 1


def test_set_api() -> None:
    sim = HusdataSimulator()
    assert sim.set(0x0007, -53) is True
    assert sim.get(0x0007) == 0xFFCB
    assert sim.set(0x0007, 0xFFCB) is False  # the same word: no change
    assert sim.set_value(0x0001, -52.1) is True
    assert sim.get(0x0001) == 0xFDF7
    assert sim.set_value(0x5C52, 12.34, scale=100) is True  # a new id joins the image
    assert sim.get(0x5C52) == 1234
    assert sim.ids[-1] == 0x5C52
    assert sim.pushes == []  # nobody listens
    with pytest.raises(ValueError, match="16-bit"):
        sim.set(0x0007, 70000)


def test_faults_count_down_and_refuse_unknown_names() -> None:
    faults = Faults()
    faults.for_next(2, silent=True, cr_only=True)
    assert faults.take().silent
    assert faults.take().cr_only
    assert faults.take() == Faults()
    faults.garbage = "short"
    faults.for_next(1, cut="merge")
    assert faults.take().cut == "merge"
    assert faults.take().garbage == "short"  # not limited: stays on
    faults.clear()
    assert faults == Faults()
    with pytest.raises(TypeError, match="unknown fault"):
        faults.for_next(1, loud=True)
    with pytest.raises(ValueError, match="at least one"):
        faults.for_next(0, silent=True)


# ------------------------------------------------------------------ TCP answers


async def test_tcp_xv_xl_xr(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        assert await host.ask(b"XV\r") == VERSION
        listing = await host.ask(b"XL\r", len(sim.ids) + 1)
        assert listing.startswith(b"XL0001 Radiator return\r\nXL0002 Radiator forward\r\n")
        assert b"XLAFF2 EL-meter 2\r\n" in listing
        assert b"XL6F56 Unknown F56\r\n" in listing
        assert listing.endswith(b"XL6F56 Unknown F56\r\nXLEOF\r\n")
        dump = await host.ask(b"XR\r", len(sim.ids))
        assert dump == fixture_dump()
        assert dump.startswith(b"XR00010131\r\n")
        assert b"XR0007FFCC\r\nXR000800D7\r\n" in dump
        assert b"XRAFF13039\r\nXRAFF29C40\r\n" in dump
        assert b"XR00118000\r\n" in dump
        assert await host.rest() == b""
    assert sim.commands == [CommandRecord("XV"), CommandRecord("XL"), CommandRecord("XR")]
    assert sim.writes == []
    assert sim.connections_made == 1


async def test_tcp_command_endings(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        assert await host.ask(b"XV\r\n") == VERSION  # as openHAB sends it
        assert await host.ask(b"XV\n") == VERSION
        await host.send(b"X")
        await host.send(b"V")
        assert await host.ask(b"\r") == VERSION
        assert await host.ask(b"XV\rXV\r", 2) == VERSION * 2
        assert await host.rest() == b""
    assert [r.command for r in sim.commands] == ["XV"] * 5


async def test_tcp_dump_follows_the_image(sim: HusdataSimulator) -> None:
    sim.set(0x0007, -521)
    async with tcp_host(sim) as host:
        dump = await host.ask(b"XR\r", len(sim.ids))
    assert b"XR0007FDF7\r\n" in dump
    assert b"XR0007FFCC" not in dump


async def test_tcp_unknown_commands_are_ignored(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        await host.send(b"XP\r!\rxr\rFOO\rXM\r")
        assert await host.rest() == b""
        assert await host.ask(b"XV\r") == VERSION
    assert [r.command for r in sim.commands] == ["XP", "!", "xr", "FOO", "XM", "XV"]


async def test_tcp_xw_is_answered_but_changes_nothing(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        assert await host.ask(b"XW020300D2\r") == b"XW020300D2 NOT WRITTEN\r\n"
        assert await host.rest() == b""
    assert sim.get(0x0203) == 0x00D2
    assert sim.writes == [CommandRecord("XW020300D2")]
    assert sim.commands_of("XR") == []


async def test_tcp_silent_to_xv_on_an_old_interface() -> None:
    async with (
        HusdataSimulator(fixture=FIXTURES / "husdata_old_interface.json") as sim,
        tcp_host(sim) as host,
    ):
        await host.send(b"XV\r")
        assert await host.rest() == b""
        # It still counts as a request to hear pushes.
        sim.set(0x0007, -53)
        assert await host.line() == b"XR0007FFCB\r\n"
        assert await host.ask(b"XR\r") == b"XR00010131\r\n"


async def test_tcp_no_room_sensor_variant() -> None:
    async with (
        HusdataSimulator(fixture=FIXTURES / "husdata_no_room_sensor.json") as sim,
        tcp_host(sim) as host,
    ):
        dump = await host.ask(b"XR\r", len(sim.ids))
        assert b"XR0008DEAD\r\n" in dump


async def test_tcp_echo(sim: HusdataSimulator) -> None:
    sim.echo = True
    async with tcp_host(sim) as host:
        assert await host.ask(b"XV\r", 2) == b"XV\r\n" + VERSION
        await host.send(b"XP\r")
        assert await host.line() == b"XP\r\n"
        assert await host.rest() == b""


# ------------------------------------------------------------------ pushes


async def test_new_connection_is_silent_until_xr(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        sim.set(0x0007, -53)
        assert await host.rest() == b""
        await host.ask(b"XR\r", len(sim.ids))
        sim.set(0x0007, -54)
        assert await host.line() == b"XR0007FFCA\r\n"
    assert sim.pushes == [PushRecord(0x0007, 0xFFCA)]


async def test_xv_also_starts_pushes(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        await host.ask(b"XL\r", len(sim.ids) + 1)
        sim.set(0x1A01, 0)
        assert await host.rest() == b""  # XL alone does not
        assert await host.ask(b"XV\r") == VERSION
        sim.set(0x1A01, 1)
        assert await host.line() == b"XR1A010001\r\n"


async def test_set_pushes_at_once_to_every_live_client(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as first, tcp_host(sim) as second, tcp_host(sim) as idle:
        await first.ask(b"XR\r", len(sim.ids))
        await second.ask(b"XV\r")
        before = time.monotonic()
        assert sim.set_value(0x0007, -52.1) is True
        assert await first.line() == b"XR0007FDF7\r\n"
        assert await second.line() == b"XR0007FDF7\r\n"
        assert sim.set(0x0007, 0xFDF7) is False  # unchanged: nothing is pushed
        sim.set(0xAFF2, 40001)
        assert await first.line() == b"XRAFF29C41\r\n"
        assert await second.line() == b"XRAFF29C41\r\n"
        assert await first.rest() == b""
        assert await idle.rest() == b""
    assert sim.pushes == [PushRecord(0x0007, 0xFDF7)] * 2 + [PushRecord(0xAFF2, 0x9C41)] * 2
    stamps = [record.time for record in sim.pushes]
    assert stamps == sorted(stamps)
    assert stamps[0] >= before


async def test_live_clients_and_waiting_for_a_command(sim: HusdataSimulator) -> None:
    assert sim.live_clients == 0
    with pytest.raises(TimeoutError):
        await sim.until_command("XR", within=0.05)
    async with tcp_host(sim) as first, tcp_host(sim) as second:
        await first.send(b"XR\r")
        await sim.until_command("XR")
        assert sim.live_clients == 1
        await second.send(b"XV\rXR\r")
        await sim.until_command("XR", count=2)
        assert sim.live_clients == 2
        assert sim.drop_connections() == 2
        await first.rest()  # let the closed connections go
        assert sim.live_clients == 0
    assert [r.command for r in sim.commands] == ["XR", "XV", "XR"]


async def test_drift_once_moves_outdoor_and_the_meters(sim: HusdataSimulator) -> None:
    sim.set(0xAFF1, 0xFFFF)
    sim.drift_once()
    assert sim.get(0xAFF1) in {0, 1, 2}  # wrapped past 65535
    for _ in range(20):
        outdoor, meter1, meter2 = sim.get(0x0007), sim.get(0xAFF1), sim.get(0xAFF2)
        assert sim.drift_once() == [0x0007, 0xAFF1, 0xAFF2]
        assert wire.signed16(sim.get(0x0007)) - wire.signed16(outdoor) in {-1, 1}
        assert (sim.get(0xAFF1) - meter1) % 0x10000 in {1, 2, 3}
        assert sim.get(0xAFF2) - meter2 in {1, 2, 3}


async def test_outdoor_drift_stays_near_the_fixture_value(sim: HusdataSimulator) -> None:
    # Fixture: -5.2 C; a day of ten-second pushes wanders at most 1.0 C from it.
    seen = set()
    for _ in range(8640):
        sim.drift_once()
        seen.add(wire.signed16(sim.get(0x0007)))
    assert seen == set(range(-62, -41))


async def test_drift_is_repeatable_with_a_seed() -> None:
    first, second = HusdataSimulator(seed=7), HusdataSimulator(seed=7)
    for _ in range(5):
        first.drift_once()
        second.drift_once()
    assert [first.get(i) for i in first.ids] == [second.get(i) for i in second.ids]


async def test_scheduled_drift_pushes(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        await host.ask(b"XR\r", len(sim.ids))
        sim.start_drift(0.1)
        sim.start_drift(0.1)  # a second start is a no-op
        received = await host.lines(6)
        await sim.stop_drift()
        await sim.stop_drift()
        received += await host.rest()
    # The same seed drifts a twin the same way, one tick per three lines.
    twin = HusdataSimulator()
    expected = b""
    for _ in range(received.count(b"\r\n") // 3):
        expected += b"".join(
            wire.reading(i, twin.get(i)).encode() + b"\r\n" for i in twin.drift_once()
        )
    assert received == expected
    assert received.startswith(b"XR0007")
    assert [p.id for p in sim.pushes[:6]] == [0x0007, 0xAFF1, 0xAFF2] * 2


# ------------------------------------------------------------------ faults


async def test_fault_silent_until_cleared(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        await host.ask(b"XR\r", len(sim.ids))
        sim.faults.silent = True
        await host.send(b"XV\rXR\r")
        sim.set(0x0007, -60)
        assert await host.rest() == b""
        sim.faults.clear()
        assert await host.ask(b"XV\r") == VERSION
        sim.set(0x0007, -61)
        assert await host.line() == b"XR0007FFC3\r\n"
    assert [r.command for r in sim.commands] == ["XR", "XV", "XR", "XV"]
    assert sim.pushes == [PushRecord(0x0007, 0xFFC3)]


async def test_fault_silent_for_next_lines(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        sim.faults.for_next(3, silent=True)
        dump = await host.ask(b"XR\r", len(sim.ids) - 3)
        assert dump == fixture_dump().split(b"\r\n", 3)[3]


@pytest.mark.parametrize(
    ("kind", "junk"),
    [
        ("short", b"XR0007FFC\r\n"),
        ("long", b"XR0007FFCB0\r\n"),
        (
            "non_hex",
            b"XR00070x1F\r\nXR0007-001\r\nXR00071_2A\r\nXR0007 12 \r\nXR0007GHIJ\r\nXR000712.5\r\n",
        ),
    ],
)
async def test_fault_garbage_before_a_push(sim: HusdataSimulator, kind: str, junk: bytes) -> None:
    async with tcp_host(sim) as host:
        await host.ask(b"XR\r", len(sim.ids))
        sim.faults.for_next(1, garbage=kind)
        sim.set(0x0007, 0xFFCC - 1)
        assert await host.rest() == junk + b"XR0007FFCB\r\n"
        sim.set(0x0007, 0xFFCC)
        assert await host.line() == b"XR0007FFCC\r\n"
    assert sim.garbage_sent == [line + b"\r\n" for line in junk.split(b"\r\n")[:-1]]


async def test_fault_garbage_of_every_kind_before_an_answer(sim: HusdataSimulator) -> None:
    sim.faults.for_next(1, garbage="all")
    async with tcp_host(sim) as host:
        received = await host.ask(b"XV\r", 11)
    assert received == b"".join(sim.garbage_sent) + VERSION
    # Junk ahead of a line that is no reading imitates the first id.
    assert sim.garbage_sent[1] == b"XR00010x1F\r\n"
    assert sim.garbage_sent[7] == b"XR0001013\r\n"
    assert sim.garbage_sent[9].startswith(b"\x00\xff\x80XR\xfe")


async def test_fault_cut_with_a_pause(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        await host.ask(b"XR\r", len(sim.ids))
        sim.faults.for_next(1, cut="pause", cut_pause=0.5)
        sim.set(0x0007, -53)
        sim.set(0x0008, 216)
        assert await host.rest(0.2) == b"XR000"
        assert await host.rest(0.7) == b"7FFCB\r\nXR000800D8\r\n"
    assert sim.pushes == [PushRecord(0x0007, 0xFFCB), PushRecord(0x0008, 0x00D8)]


async def test_fault_cut_merged_into_the_next_line(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        await host.ask(b"XR\r", len(sim.ids))
        sim.faults.for_next(1, cut="merge")
        sim.set(0x0007, -53)
        sim.set(0x0008, 216)
        assert await host.rest() == b"XR000XR000800D8\r\n"
    assert sim.pushes == [PushRecord(0x0008, 0x00D8)]  # the cut line never arrived


async def test_fault_cut_in_the_dump(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        sim.faults.for_next(1, cut="merge")
        await host.send(b"XR\r")
        assert await host.line() == b"XR000XR0002015E\r\n"


async def test_fault_drop_closes_the_connection(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        await host.ask(b"XR\r", len(sim.ids))
        sim.faults.for_next(1, drop=True)
        sim.set(0x0007, -53)
        assert await host.at_eof()
    async with tcp_host(sim) as host:  # the bridge takes the next connection
        assert await host.ask(b"XV\r") == VERSION
    assert sim.connections_made == 2
    assert sim.pushes == []


async def test_fault_drop_on_an_answer(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        sim.faults.for_next(1, drop=True)
        await host.send(b"XV\r")
        assert await host.at_eof()


async def test_fault_cr_only_and_cr_only_mode(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        sim.faults.for_next(1, cr_only=True)
        assert await host.ask(b"XV\rXV\r", 1) == b"XV000712\rXV000712\r\n"
        sim.line_end = wire.CR
        await host.send(b"XR\r")
        assert await host.line(b"\r") == b"XR00010131\r"
        assert await host.line(b"\r") == b"XR0002015E\r"
        dump = await host.rest()
        assert dump == fixture_dump().replace(b"\r\n", b"\r").split(b"\r", 2)[2]
        sim.set(0x0007, -53)
        assert await host.line(b"\r") == b"XR0007FFCB\r"


async def test_drop_connections_then_reconnect(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as first:
        await first.ask(b"XR\r", len(sim.ids))
        assert sim.drop_connections() == 1
        assert await first.at_eof()
    assert sim.drop_connections() == 0
    async with tcp_host(sim) as second:
        sim.set(0x0007, -53)
        assert await second.rest() == b""  # a new connection starts silent
        assert await second.ask(b"XR\r", len(sim.ids)) == fixture_dump().replace(
            b"XR0007FFCC", b"XR0007FFCB"
        )
    assert sim.connections_made == 2
    assert sim.commands_of("XR") == [CommandRecord("XR")] * 2


async def test_clear_logs(sim: HusdataSimulator) -> None:
    sim.faults.for_next(1, garbage="short")
    async with tcp_host(sim) as host:
        await host.ask(b"XR\r", len(sim.ids) + 1)
        sim.set(0x0007, -53)
        await host.line()
    assert (len(sim.commands), len(sim.pushes), len(sim.garbage_sent)) == (1, 1, 1)
    sim.clear_logs()
    assert (sim.commands, sim.pushes, sim.garbage_sent) == ([], [], [])


async def test_stop_closes_the_bridge() -> None:
    sim = HusdataSimulator()
    host, port = await sim.start_tcp()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(b"XR\r")
    await asyncio.wait_for(reader.readuntil(b"XR6F561046\r\n"), 2)
    await sim.stop()
    assert await asyncio.wait_for(reader.read(100), 2) == b""
    writer.close()
    with pytest.raises(OSError, match="onnect"):
        await asyncio.open_connection(host, port)


# ------------------------------------------------------------------ pseudo-terminal


async def test_pty_xv_xl_xr_and_pushes(sim: HusdataSimulator) -> None:
    async with pty_host(sim) as host:
        assert sim.pty_path is not None
        assert sim.pty_path.startswith("/dev/")
        sim.set(0x0007, -53)
        assert await host.rest() == b""  # silent until asked
        assert await host.ask(b"XV\r") == VERSION
        listing = await host.ask(b"XL\r", len(sim.ids) + 1)
        assert listing.endswith(b"XL6F56 Unknown F56\r\nXLEOF\r\n")
        dump = await host.ask(b"XR\r\n", len(sim.ids))
        assert dump == fixture_dump().replace(b"XR0007FFCC", b"XR0007FFCB")
        sim.set_value(0x0002, 35.5)
        assert await host.line() == b"XR00020163\r\n"
        assert await host.rest() == b""
    assert sim.pushes == [PushRecord(0x0002, 0x0163)]


async def test_pty_faults(sim: HusdataSimulator) -> None:
    async with pty_host(sim) as host:
        await host.ask(b"XV\r")
        # A serial line cannot be hung up: the dropped line is simply lost.
        sim.faults.for_next(1, drop=True)
        sim.set(0x0007, -53)
        sim.set(0x0007, -54)
        assert await host.line() == b"XR0007FFCA\r\n"
        sim.faults.for_next(1, cut="merge", garbage="long")
        sim.set(0x0007, -55)
        sim.set(0x0007, -56)
        assert await host.rest() == b"XR0007FFC90\r\nXR000XR0007FFC8\r\n"
        sim.faults.silent = True
        host.send(b"XV\r")
        assert await host.rest() == b""
        sim.faults.clear()
        sim.faults.for_next(1, cr_only=True)
        assert await host.ask(b"XV\rXV\r") == b"XV000712\r" + VERSION


async def test_pty_port_reopened(sim: HusdataSimulator) -> None:
    for _ in range(3):
        async with pty_host(sim) as host:
            assert await host.ask(b"XV\r") == VERSION
    assert sim.commands_of("XV") == [CommandRecord("XV")] * 3


async def test_pty_through_serialx(sim: HusdataSimulator) -> None:
    """The integration opens the pty path as a serial port through serialx."""
    path = await sim.start_pty()
    for _ in range(2):  # and reconnects
        reader, writer = await serialx.open_serial_connection(
            path, baudrate=19200, parity="N", stopbits=1, byte_size=8
        )
        try:
            writer.write(b"XV\r")
            assert await asyncio.wait_for(reader.readuntil(b"\r\n"), 2) == VERSION
            writer.write(b"XR\r")
            dump = b"".join([await asyncio.wait_for(reader.readuntil(b"\r\n"), 2) for _ in sim.ids])
            assert dump.startswith(b"XR00010131\r\n")
            sim.set(0xAFF1, sim.get(0xAFF1) + 1)
            line = await asyncio.wait_for(reader.readuntil(b"\r\n"), 2)
            assert line == wire.reading(0xAFF1, sim.get(0xAFF1)).encode() + b"\r\n"
        finally:
            writer.close()
            await writer.wait_closed()
    assert sim.get(0xAFF1) == 12347


async def test_tcp_and_pty_at_once_share_the_image(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as tcp, pty_host(sim) as serial:
        await tcp.ask(b"XR\r", len(sim.ids))
        await serial.ask(b"XV\r")
        sim.set(0x0203, 220)
        assert await tcp.line() == b"XR020300DC\r\n"
        assert await serial.line() == b"XR020300DC\r\n"


# ------------------------------------------------------------------ command line


def test_cli_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for option in ("--tcp", "--pty", "--fixture", "--push-period", "--cr-only"):
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


def _serve(args: list[str]) -> tuple[subprocess.Popen[bytes], _Lines]:
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tests.simulators.husdata", *args],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
    )
    return proc, _Lines(proc)


def _interrupt(proc: subprocess.Popen[bytes], lines: _Lines) -> str:
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=10) == 0
    rest = lines.rest()
    assert proc.stdout is not None
    proc.stdout.close()
    return rest


async def test_cli_serves_until_interrupted() -> None:
    proc, lines = _serve(
        ["--tcp", "127.0.0.1:0", "--pty", "--push-period", "0.05", "--cr-only", "--verbose"]
    )
    try:
        assert lines.next() == "Husdata H1 simulator, controller 00 (Rego 600), firmware 0712"
        tcp_line = lines.next()
        assert tcp_line.startswith("TCP bridge on 127.0.0.1:")
        port = int(tcp_line.rsplit(":", 1)[1])
        path = lines.next().rsplit(" on ", 1)[1]
        assert path.startswith("/dev/")
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"XV\r")
        assert await asyncio.wait_for(reader.readuntil(b"\r"), 5) == b"XV000712\r"
        pushed = {(await asyncio.wait_for(reader.readuntil(b"\r"), 5))[:6] for _ in range(6)}
        assert pushed == {b"XR0007", b"XRAFF1", b"XRAFF2"}
        writer.close()
        host = PtyHost(path)
        try:
            host.send(b"XL\r\n")
            assert await host.line(b"\r") == b"XL0001 Radiator return\r"
        finally:
            host.close()
        assert lines.next() == "command XV"
        assert lines.next() == "command XL"
    finally:
        assert "Stopped." in _interrupt(proc, lines)


async def test_cli_old_interface_fixture() -> None:
    proc, lines = _serve(
        ["--tcp", "127.0.0.1:0", "--fixture", str(FIXTURES / "husdata_old_interface.json")]
    )
    try:
        assert lines.next() == "Husdata H1 simulator, silent to XV"
        assert lines.next().startswith("TCP bridge on 127.0.0.1:")
    finally:
        assert "Stopped." in _interrupt(proc, lines)


async def test_fault_drop_mid_line_sends_half_and_hangs_up(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        await host.ask(b"XR\r", len(sim.ids))
        sim.faults.drop_mid_line = True
        sim.set(0x0007, -53)
        assert await host.rest() == b"XR000"
        assert await host.at_eof()
    assert sim.pushes == []


async def test_fault_delay_holds_each_line_back(sim: HusdataSimulator) -> None:
    async with tcp_host(sim) as host:
        await host.ask(b"XR\r", len(sim.ids))
        sim.faults.delay = 0.3
        sim.set(0x0007, -53)
        assert await host.rest(0.15) == b""
        assert await host.rest(0.4) == b"XR0007FFCB\r\n"


async def test_stop_tcp_refuses_then_start_tcp_binds_the_same_port(
    sim: HusdataSimulator,
) -> None:
    async with tcp_host(sim) as host:
        assert await host.ask(b"XV\r") == VERSION
        address = sim.tcp_address
        assert address is not None
        assert await sim.stop_tcp() == [address]
        assert await host.at_eof()
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection(*address)
    assert await sim.start_tcp(*address) == address
    async with tcp_host(sim) as host:
        assert await host.ask(b"XV\r") == VERSION


async def test_fault_delay_switched_off_releases_the_lines_held_back(
    sim: HusdataSimulator,
) -> None:
    async with tcp_host(sim) as host:
        await host.ask(b"XR\r", len(sim.ids))
        sim.faults.delay = 5.0
        sim.set(0x0007, -53)
        assert await host.rest(0.1) == b""
        sim.faults.clear()
        assert await host.rest(0.2) == b"XR0007FFCB\r\n"
