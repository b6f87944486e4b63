"""Tests of the Thermia Genesis simulator, driven by real pymodbus clients."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import os
from pathlib import Path
import select
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient
from pymodbus.exceptions import ModbusException, ModbusIOException
from pymodbus.framer import FramerType
from pymodbus.pdu import ExceptionResponse
import pytest

from tests.simulators.thermia import (
    FrameRecord,
    RequestRecord,
    ThermiaSimulator,
    WriteRecord,
    fixture_path,
    main,
)
from tests.simulators.thermia_ranges import RANGES, Model, span_allowed

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

TIMEOUT = 0.5
needs_pyserial = pytest.mark.skipif(
    importlib.util.find_spec("serial") is None,
    reason="pymodbus serial transport needs pyserial (pymodbus[serial])",
)
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _loopback_sockets(request: pytest.FixtureRequest) -> None:
    """Allow 127.0.0.1 sockets where pytest-socket blocks them (HA test plugin)."""
    with contextlib.suppress(pytest.FixtureLookupError):
        request.getfixturevalue("socket_enabled")


@pytest.fixture
async def mega() -> AsyncIterator[ThermiaSimulator]:
    async with ThermiaSimulator.from_fixture(fixture_path("mega")) as sim:
        yield sim


@pytest.fixture
async def inverter() -> AsyncIterator[ThermiaSimulator]:
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        yield sim


@contextlib.asynccontextmanager
async def tcp_client(
    sim: ThermiaSimulator, framer: str = "socket", unit_id: int = 1
) -> AsyncIterator[AsyncModbusTcpClient]:
    host, port = await sim.start_tcp(framer=framer, unit_id=unit_id)
    client = AsyncModbusTcpClient(
        host, port=port, framer=FramerType(framer), timeout=TIMEOUT, retries=0
    )
    assert await client.connect()
    try:
        yield client
    finally:
        client.close()


@contextlib.asynccontextmanager
async def pty_client(
    sim: ThermiaSimulator, unit_id: int = 1
) -> AsyncIterator[AsyncModbusSerialClient]:
    path = await sim.start_rtu_pty(unit_id=unit_id)
    client = AsyncModbusSerialClient(
        port=path,
        baudrate=19200,
        parity="E",
        stopbits=1,
        bytesize=8,
        timeout=TIMEOUT,
        retries=0,
    )
    assert await client.connect()
    try:
        yield client
    finally:
        client.close()


def signed(raw: int) -> int:
    return raw - 0x10000 if raw & 0x8000 else raw


# ------------------------------------------------------------------ fixture files


@pytest.mark.parametrize("model", ["mega", "inverter"])
def test_fixture_files_are_raw_register_images(model: Model) -> None:
    data = json.loads(fixture_path(model).read_text(encoding="utf-8"))
    assert data["model"] == model
    assert data["_cases"]
    for kind in ("coils", "discrete_inputs", "input_registers", "holding_registers"):
        assert data[kind], kind
        for address, value in data[kind].items():
            assert 0 <= int(address) <= 0xFFFF
            if kind in ("coils", "discrete_inputs"):
                assert value in (0, 1), (kind, address)
            else:
                assert 0 <= value <= 0xFFFF, (kind, address)


def test_fixture_cases_are_encoded_as_documented() -> None:
    mega = ThermiaSimulator.from_fixture(fixture_path("mega"))
    inverter = ThermiaSimulator.from_fixture(fixture_path("inverter"))
    for sim in (mega, inverter):
        assert signed(sim.get_raw("input_registers", 13)) / 100 == -5.5
        assert sim.get_raw("input_registers", 1) == 4
        assert sim.get_raw("input_registers", 82) == 4
        assert sim.get_raw("holding_registers", 0) == 3
        assert sim.get_raw("holding_registers", 5) == 2100
        assert sim.get_raw("holding_registers", 22) == 4500
        assert sim.get_raw("holding_registers", 23) == 5200
        assert signed(sim.get_raw("holding_registers", 69)) == -500
        # A healthy pump: no alarm bit (discrete inputs 0-87), so the sum alarm (66) is off too.
        assert [a for a, bit in sim.listed("discrete_inputs").items() if a < 88 and bit] == []
    assert mega.get_raw("input_registers", 12) == 20000
    assert mega.get_raw("input_registers", 121) == 20000
    assert mega.get_u32("input_registers", msb=48, lsb=49) == 100000
    assert [mega.get_raw("input_registers", a) for a in (57, 58, 59)] == [9, 2, 1]
    assert not any(mega.is_listed("input_registers", a) for a in (311, 312, 313))
    assert 42 in [mega.get_raw("input_registers", a) for a in range(62, 67)]
    assert inverter.get_raw("input_registers", 121) == 215
    assert inverter.get_u32("input_registers", msb=84, lsb=83) / 10 == 42876.5
    assert inverter.get_raw("input_registers", 84) > 0
    assert inverter.get_u32("input_registers", msb=48, lsb=49) == 21345
    assert inverter.get_u32("input_registers", msb=50, lsb=51) == 3456
    assert [inverter.get_raw("input_registers", a) for a in (311, 312, 313)] == [
        17,
        1,
        0,
    ]
    assert not any(inverter.is_listed("input_registers", a) for a in (57, 58, 59))


def test_span_rule() -> None:
    listed = {118: 1}
    assert span_allowed("mega", "holding_registers", 0, 116, listed)
    assert not span_allowed("mega", "holding_registers", 110, 7, listed)
    assert span_allowed("mega", "holding_registers", 118, 1, listed)
    assert not span_allowed("mega", "holding_registers", 118, 2, listed)
    assert not span_allowed("mega", "holding_registers", 400, 1, listed)
    assert not span_allowed("mega", "input_registers", 99, 3, {})
    assert span_allowed("inverter", "input_registers", 99, 3, {})
    assert not span_allowed("mega", "coils", 27, 3, {})
    assert RANGES["inverter"]["coils"] == ((3, 41),)


# ------------------------------------------------------------------ Modbus TCP


async def test_tcp_reads_fixture_values(mega: ThermiaSimulator) -> None:
    async with tcp_client(mega) as client:
        rr = await client.read_input_registers(13, count=1)
        assert not rr.isError()
        assert rr.registers == [64986]
        rr = await client.read_input_registers(48, count=2)
        assert rr.registers == [1, 34464]
        rr = await client.read_holding_registers(0, count=16)
        assert rr.registers[0] == 3
        assert rr.registers[5] == 2100
        assert rr.registers[1:3] == [0, 0]  # undocumented addresses inside a range
        rr = await client.read_coils(3, count=8)
        assert rr.bits[:8] == [False, False, True, False, True, True, True, False]
        rr = await client.read_discrete_inputs(199, count=1)
        assert rr.bits[0] is True


async def test_tcp_answers_any_unit_id(mega: ThermiaSimulator) -> None:
    async with tcp_client(mega) as client:
        for unit_id in (0, 1, 7, 247):
            rr = await client.read_input_registers(1, count=1, device_id=unit_id)
            assert rr.registers == [4]
            assert rr.dev_id == unit_id
    assert [r.unit_id for r in mega.requests] == [0, 1, 7, 247]
    assert mega.requests[0] == (4, "input_registers", 1, 1, 0)


async def test_tcp_block_read_of_whole_input_range(inverter: ThermiaSimulator) -> None:
    async with tcp_client(inverter) as client:
        rr = await client.read_input_registers(50, count=125)
        assert len(rr.registers) == 125
        assert rr.registers[83 - 50 : 85 - 50] == [35549, 6]
        assert rr.registers[121 - 50] == 215


@pytest.mark.parametrize(
    ("kind", "address", "count"),
    [
        ("input_registers", 99, 3),  # Mega input ranges [0, 100] and [100, 174]
        ("input_registers", 170, 6),
        ("holding_registers", 110, 7),  # holding 116 is a range of its own
        ("holding_registers", 115, 2),
        ("holding_registers", 321, 2),
        ("coils", 27, 3),  # Mega coil ranges [3, 28] and [28, 59]
        ("coils", 0, 4),
        ("discrete_inputs", 83, 5),
    ],
)
async def test_read_across_range_boundary_is_illegal_address(
    mega: ThermiaSimulator, kind: str, address: int, count: int
) -> None:
    async with tcp_client(mega) as client:
        read = {
            "input_registers": client.read_input_registers,
            "holding_registers": client.read_holding_registers,
            "coils": client.read_coils,
            "discrete_inputs": client.read_discrete_inputs,
        }[kind]
        rr = await read(address, count=count)
        assert rr.isError()
        assert isinstance(rr, ExceptionResponse)
        assert rr.exception_code == 2


async def test_listed_register_outside_ranges_answers_single_reads_only(
    inverter: ThermiaSimulator, mega: ThermiaSimulator
) -> None:
    async with tcp_client(inverter) as client:
        versions = [
            (await client.read_input_registers(a, count=1)).registers[0] for a in (311, 312, 313)
        ]
        assert versions == [17, 1, 0]
        rr = await client.read_input_registers(311, count=3)
        assert rr.isError()
        assert rr.exception_code == 2
        rr = await client.read_holding_registers(321, count=1)
        assert rr.registers == [2]
        rr = await client.read_coils(59, count=1)
        assert rr.bits[0] is False
        # Inside the range but not listed (v13 dropped them): reads as 0.
        rr = await client.read_input_registers(57, count=3)
        assert rr.registers == [0, 0, 0]
    async with tcp_client(mega) as client:
        rr = await client.read_input_registers(311, count=1)
        assert rr.exception_code == 2
        rr = await client.read_holding_registers(118, count=1)
        assert signed(rr.registers[0]) == -400
        rr = await client.read_holding_registers(400, count=1)
        assert rr.exception_code == 2


async def test_unsupported_function_is_illegal_function(
    mega: ThermiaSimulator,
) -> None:
    async with tcp_client(mega) as client:
        rr = await client.readwrite_registers(
            read_address=0, read_count=1, write_address=5, values=[2200]
        )
        assert rr.isError()
        assert rr.exception_code == 1
    assert mega.get_raw("holding_registers", 5) == 2100


# ------------------------------------------------------------------ RTU transports


async def test_rtu_over_tcp_answers_only_its_unit_id(mega: ThermiaSimulator) -> None:
    async with tcp_client(mega, framer="rtu", unit_id=3) as client:
        rr = await client.read_input_registers(13, count=1, device_id=3)
        assert rr.registers == [64986]
        with pytest.raises(ModbusIOException):
            await client.read_input_registers(13, count=1, device_id=1)
        # The line is still usable afterwards.
        rr = await client.read_holding_registers(5, count=1, device_id=3)
        assert rr.registers == [2100]
    assert [r.unit_id for r in mega.requests] == [3, 1, 3]


async def test_rtu_over_tcp_exception_response(mega: ThermiaSimulator) -> None:
    async with tcp_client(mega, framer="rtu") as client:
        rr = await client.read_input_registers(99, count=3)
        assert rr.isError()
        assert rr.exception_code == 2


@needs_pyserial
async def test_pty_rtu_reads_and_writes(inverter: ThermiaSimulator) -> None:
    async with pty_client(inverter) as client:
        rr = await client.read_input_registers(83, count=2)
        assert rr.registers == [35549, 6]
        rr = await client.read_input_registers(121, count=1)
        assert rr.registers == [215]
        rr = await client.write_register(22, 4600)
        assert not rr.isError()
        rr = await client.read_holding_registers(22, count=2)
        assert rr.registers == [4600, 5200]
        rr = await client.read_input_registers(95, count=80)
        assert len(rr.registers) == 80
        rr = await client.read_holding_registers(110, count=7)
        assert rr.exception_code == 2
    assert inverter.writes == [("holding_registers", 22, 4600)]


@needs_pyserial
async def test_pty_wrong_unit_id_times_out(mega: ThermiaSimulator) -> None:
    async with pty_client(mega, unit_id=5) as client:
        with pytest.raises(ModbusIOException):
            await client.read_input_registers(1, count=1, device_id=1)
        rr = await client.read_input_registers(1, count=1, device_id=5)
        assert rr.registers == [4]


@needs_pyserial
async def test_pty_paced_as_a_19200_line(inverter: ThermiaSimulator) -> None:
    inverter.line_baudrate = 19200
    async with pty_client(inverter) as client:
        start = time.monotonic()
        rr = await client.read_input_registers(0, count=100)
        elapsed = time.monotonic() - start
        assert len(rr.registers) == 100
        rr = await client.read_holding_registers(110, count=7)
        assert rr.exception_code == 2
        await client.read_coils(3, count=10)
    # 8-byte requests; 5 + 200 data bytes, a 5-byte exception, 5 + 2 bytes of bits.
    assert inverter.frames == [(8, 205), (8, 5), (8, 7)]
    # 213 characters of 11 bits and two 3.5-character silences at 19200 baud.
    assert inverter.wire_time(FrameRecord(8, 205)) == pytest.approx((213 + 7) * 11 / 19200)
    # The answer came after the request, its silence and the reply (the silence after
    # the reply is the client's to keep).
    assert elapsed >= (213 + 3.5) * 11 / 19200
    # A request nobody answers still took its time on the line.
    assert inverter.wire_time(FrameRecord(8, 0)) == pytest.approx((8 + 3.5) * 11 / 19200)
    inverter.line_baudrate = 115200  # above 19200 the silence is a fixed 1.75 ms
    assert inverter.wire_time(FrameRecord(8, 5)) == pytest.approx(13 * 11 / 115200 + 0.0035)
    inverter.clear_logs()
    assert inverter.frames == []


# ------------------------------------------------------------------ faults


async def test_delay(mega: ThermiaSimulator) -> None:
    mega.faults.delay = 0.3
    async with tcp_client(mega) as client:
        start = time.monotonic()
        rr = await client.read_input_registers(13, count=1)
        assert rr.registers == [64986]
        assert time.monotonic() - start >= 0.3
        mega.faults.delay = TIMEOUT + 0.3
        with pytest.raises(ModbusIOException):
            await client.read_input_registers(13, count=1)


async def test_silent(mega: ThermiaSimulator) -> None:
    async with tcp_client(mega) as client:
        mega.faults.silent = True
        with pytest.raises(ModbusIOException):
            await client.read_input_registers(13, count=1)
        mega.faults.silent = False
        rr = await client.read_input_registers(13, count=1)
        assert rr.registers == [64986]
    assert len(mega.requests) == 2  # the ignored request was still received


async def test_silent_after(mega: ThermiaSimulator) -> None:
    mega.faults.silent_after = 2
    async with tcp_client(mega) as client:
        for _ in range(2):
            rr = await client.read_input_registers(13, count=1)
            assert rr.registers == [64986]
        with pytest.raises(ModbusIOException):
            await client.read_input_registers(13, count=1)
        assert mega.faults.silent is True
        mega.faults.clear()
        rr = await client.read_input_registers(13, count=1)
        assert rr.registers == [64986]


@needs_pyserial
async def test_silent_on_pty(mega: ThermiaSimulator) -> None:
    async with pty_client(mega) as client:
        mega.faults.silent = True
        with pytest.raises(ModbusIOException):
            await client.read_input_registers(13, count=1)


async def test_exception_at_address(mega: ThermiaSimulator) -> None:
    mega.faults.exception_at.add(("input_registers", 121))
    async with tcp_client(mega) as client:
        rr = await client.read_input_registers(110, count=16)
        assert rr.exception_code == 4
        rr = await client.read_input_registers(100, count=16)
        assert not rr.isError()
        mega.faults.exception_code = 2
        rr = await client.read_input_registers(121, count=1)
        assert rr.exception_code == 2
        mega.faults.exception_at.add(("holding", 5))  # aliases work too
        rr = await client.write_register(5, 2200)
        assert rr.exception_code == 2
    assert mega.get_raw("holding_registers", 5) == 2100
    assert mega.writes == []


async def test_a_controller_that_takes_less_than_modbus_allows(mega: ThermiaSimulator) -> None:
    mega.faults.max_registers = 16
    mega.faults.max_bits = 8
    async with tcp_client(mega) as client:
        assert (await client.read_input_registers(0, count=17)).exception_code == 3
        assert len((await client.read_input_registers(0, count=16)).registers) == 16
        assert (await client.read_coils(3, count=9)).exception_code == 3
        assert (await client.read_coils(3, count=8)).bits[:8] == [
            bool(mega.get_raw("coils", a)) for a in range(3, 11)
        ]
        # Writes are not reads: the limit leaves them alone.
        assert not (await client.write_registers(5, [2100] * 17)).isError()
        mega.faults.oversize_silent = True
        with pytest.raises(ModbusIOException):
            await client.read_holding_registers(0, count=17)
        mega.faults.clear()
        assert len((await client.read_holding_registers(0, count=116)).registers) == 116


async def wait_for(predicate: Callable[[], bool], limit: float = 2.0) -> None:
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail("condition not reached")
        await asyncio.sleep(0.02)


async def test_drop_next_request(mega: ThermiaSimulator) -> None:
    async with tcp_client(mega) as client:
        mega.faults.drop_next_request = True
        with pytest.raises(ModbusException):
            await client.read_input_registers(13, count=1)
        assert mega.faults.drop_next_request is False
        # pymodbus reconnects on its own; the next request is answered.
        await wait_for(lambda: client.connected)
        rr = await client.read_input_registers(13, count=1)
        assert rr.registers == [64986]


async def test_drop_every_request(mega: ThermiaSimulator) -> None:
    mega.faults.drop_every_request = True
    async with tcp_client(mega) as client:
        for _ in range(2):
            with pytest.raises(ModbusException):
                await client.read_input_registers(13, count=1)
            await wait_for(lambda: client.connected)
        mega.faults.drop_every_request = False
        rr = await client.read_input_registers(13, count=1)
        assert rr.registers == [64986]


async def test_drop_connections(mega: ThermiaSimulator) -> None:
    async with tcp_client(mega) as client:
        await client.read_input_registers(13, count=1)
        assert mega.drop_connections() == 1
        await wait_for(lambda: not client.connected, limit=1)
        await wait_for(lambda: client.connected)
        rr = await client.read_input_registers(13, count=1)
        assert rr.registers == [64986]


async def test_stop_refuses_connections() -> None:
    sim = ThermiaSimulator.from_fixture(fixture_path("mega"))
    host, port = await sim.start_tcp()
    await sim.stop()
    client = AsyncModbusTcpClient(host, port=port, timeout=TIMEOUT, retries=0)
    assert not await client.connect()
    client.close()


# ------------------------------------------------------------------ writes


async def test_writes_are_stored_and_logged(mega: ThermiaSimulator) -> None:
    async with tcp_client(mega) as client:
        rr = await client.write_register(5, 2250)
        assert not rr.isError()
        assert rr.registers == [2250]
        rr = await client.write_registers(6, [2300, 2800])
        assert not rr.isError()
        rr = await client.write_register(304, -1200 & 0xFFFF)
        assert not rr.isError()
        rr = await client.write_coil(24, value=True)
        assert not rr.isError()
        rr = await client.write_coils(43, [True, False, True])
        assert not rr.isError()
        rr = await client.write_register(118, 65036)  # listed, outside the ranges
        assert not rr.isError()
        rr = await client.read_holding_registers(5, count=3)
        assert rr.registers == [2250, 2300, 2800]
        rr = await client.read_coils(43, count=3)
        assert rr.bits[:3] == [True, False, True]
    assert mega.writes == [
        ("holding_registers", 5, 2250),
        ("holding_registers", 6, 2300),
        ("holding_registers", 7, 2800),
        ("holding_registers", 304, 64336),
        ("coils", 24, 1),
        ("coils", 43, 1),
        ("coils", 44, 0),
        ("coils", 45, 1),
        ("holding_registers", 118, 65036),
    ]
    assert isinstance(mega.writes[0], WriteRecord)
    assert mega.writes[0].value == mega.writes[0].raw_value == 2250
    assert signed(mega.get_raw("holding_registers", 304)) == -1200
    assert mega.requests[1] == RequestRecord(16, "holding_registers", 6, 2, 1)
    assert mega.requests[1].count == 2
    assert mega.requests[4] == (15, "coils", 43, 3, 1)


async def test_writes_outside_ranges_are_refused(mega: ThermiaSimulator) -> None:
    async with tcp_client(mega) as client:
        rr = await client.write_register(400, 1)
        assert rr.exception_code == 2
        rr = await client.write_registers(114, [1, 2, 3])  # crosses into 116
        assert rr.exception_code == 2
        rr = await client.write_registers(118, [1, 2])  # listed, but not a block
        assert rr.exception_code == 2
        rr = await client.write_coil(70, value=True)
        assert rr.exception_code == 2
    assert mega.writes == []
    assert not mega.is_listed("holding_registers", 400)
    assert mega.get_raw("holding_registers", 114) == 4000


async def test_write_rejected(mega: ThermiaSimulator) -> None:
    mega.write_rules.reject.add(("holding_registers", 5))
    async with tcp_client(mega) as client:
        rr = await client.write_register(5, 3000)
        assert rr.isError()
        assert rr.exception_code == 3
        mega.write_rules.reject_code = 4
        rr = await client.write_registers(4, [1900, 3000])
        assert rr.exception_code == 4
        rr = await client.read_holding_registers(5, count=1)
        assert rr.registers == [2100]
        rr = await client.write_register(6, 2250)  # other addresses still work
        assert not rr.isError()
    assert mega.get_raw("holding_registers", 4) == 2000
    assert mega.writes == [("holding_registers", 6, 2250)]


async def test_write_substituted(inverter: ThermiaSimulator) -> None:
    inverter.write_rules.substitute[("holding_registers", 5)] = 2000
    async with tcp_client(inverter) as client:
        rr = await client.write_register(5, 2400)
        assert not rr.isError()
        assert rr.registers == [2400]  # the echo repeats the request
        rr = await client.read_holding_registers(5, count=1)
        assert rr.registers == [2000]  # but the pump kept its own value
    assert inverter.writes == [("holding_registers", 5, 2400)]


# ------------------------------------------------------------------ Python API


def test_api_raw_values() -> None:
    sim = ThermiaSimulator(model="inverter", values={"input": {"13": -550}})
    assert sim.get_raw("input_registers", 13) == 64986
    assert sim.get_raw("input_registers", 14) == 0
    sim.set_raw("ir", 500, 7)
    assert sim.is_listed("input_registers", 500)
    sim.unset("input_registers", 500)
    assert not sim.is_listed("input_registers", 500)
    sim.set_raw("coils", 9, 5)
    assert sim.get_raw("coil", 9) == 1
    sim.set_u32("input_registers", msb=84, lsb=83, value=12345678)
    assert sim.listed("input_registers")[83] == 24910
    assert sim.get_u32("input_registers", msb=84, lsb=83) == 12345678
    with pytest.raises(ValueError, match="16-bit"):
        sim.set_raw("holding_registers", 5, 70000)
    with pytest.raises(ValueError, match="kind"):
        sim.get_raw("registers", 5)
    with pytest.raises(ValueError, match="model"):
        ThermiaSimulator(model="athena")  # type: ignore[arg-type]


async def test_runtime_added_register_answers_single_reads(
    mega: ThermiaSimulator,
) -> None:
    mega.set_raw("input_registers", 331, 1234)
    async with tcp_client(mega) as client:
        rr = await client.read_input_registers(331, count=1)
        assert rr.registers == [1234]
        mega.unset("input_registers", 331)
        rr = await client.read_input_registers(331, count=1)
        assert rr.exception_code == 2


async def test_animation_moves_counters_up_at_a_pumps_pace(inverter: ThermiaSimulator) -> None:
    kwh = inverter.get_u32("input_registers", msb=84, lsb=83)
    hours = inverter.get_u32("input_registers", msb=48, lsb=49)
    # Each tick stands for one hour of running.
    inverter.start_animation(interval=0.005, speed=3600 / 0.005)
    await wait_for(lambda: inverter.get_u32("input_registers", msb=48, lsb=49) > hours)
    await inverter.stop_animation()
    ran = inverter.get_u32("input_registers", msb=48, lsb=49) - hours
    # The meter's phases draw 700 + 676 + 693 W: 2.069 kWh per hour, counted in tenths.
    total = inverter.get_u32("input_registers", msb=84, lsb=83)
    assert total - kwh == ran * 2069 // 100
    assert inverter.get_raw("input_registers", 81) == total // 10
    assert inverter.get_raw("input_registers", 13) != 0


async def test_animation_without_a_meter_counts_hours(mega: ThermiaSimulator) -> None:
    hours = mega.get_u32("input_registers", msb=48, lsb=49)
    mega.start_animation(interval=0.005, speed=3600 / 0.005)
    await wait_for(lambda: mega.get_u32("input_registers", msb=48, lsb=49) > hours)
    await mega.stop_animation()
    assert not mega.is_listed("input_registers", 83)


# ------------------------------------------------------------------ command line


def test_cli_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for option in (
        "--model",
        "--fixture",
        "--tcp",
        "--rtu-over-tcp",
        "--pty",
        "--line-speed",
        "--animate",
    ):
        assert option in out


class _Lines:
    """Reads a child's stdout line by line without buffering ahead of select()."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        self._fd = proc.stdout.fileno()
        self._buffer = b""

    def next(self, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
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


@needs_pyserial
async def test_cli_serves_until_interrupted() -> None:
    proc = subprocess.Popen(  # noqa: ASYNC220 - a short-lived child, polled below
        [
            sys.executable,
            "-m",
            "tests.simulators.thermia",
            "--model",
            "inverter",
            "--tcp",
            "127.0.0.1:0",
            "--pty",
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
    )
    lines = _Lines(proc)
    try:
        assert "inverter" in lines.next()
        tcp_line = lines.next()
        port = int(tcp_line.rsplit(":", 1)[1])
        pty_line = lines.next()
        path = pty_line.rsplit(" on ", 1)[1]
        assert path.startswith("/dev/")
        client = AsyncModbusTcpClient("127.0.0.1", port=port, timeout=2, retries=0)
        assert await client.connect()
        rr = await client.read_input_registers(121, count=1)
        client.close()
        assert rr.registers == [215]
        # Another process cannot use the parity shim: a pty carries no parity.
        serial = AsyncModbusSerialClient(
            port=path, baudrate=19200, parity="N", timeout=2, retries=0
        )
        assert await serial.connect()
        rr = await serial.read_input_registers(311, count=1)
        serial.close()
        assert rr.registers == [17]
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
        assert "Stopped." in lines.rest()
        assert proc.stdout is not None
        proc.stdout.close()


# ------------------------------------------------------------ line faults


async def test_exception_on_every_request(mega: ThermiaSimulator) -> None:
    async with tcp_client(mega) as client:
        mega.faults.exception_every_request = True
        mega.faults.exception_code = 6  # server device busy
        reply = await client.read_input_registers(1, count=1, device_id=1)
        assert isinstance(reply, ExceptionResponse)
        assert reply.exception_code == 6
        mega.faults.clear()
        assert (await client.read_input_registers(1, count=1, device_id=1)).registers == [
            mega.get_raw("input_registers", 1)
        ]


async def _raw_exchange(host: str, port: int, request: bytes, within: float = 0.5) -> bytes:
    """Send raw bytes and collect whatever comes back until the peer closes or goes quiet."""
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(request)
    received = b""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(within):
            while chunk := await reader.read(256):
                received += chunk
    writer.close()
    return received


# Read one input register (1) of unit 1, RTU framing: 01 04 0001 0001 + CRC.
_RTU_READ = bytes.fromhex("010400010001600a")


async def test_garbage_comes_before_the_reply(mega: ThermiaSimulator) -> None:
    host, port = await mega.start_tcp(framer="rtu")
    clean = await _raw_exchange(host, port, _RTU_READ)
    assert len(clean) == 7  # 01 04 02 hi lo crc crc
    mega.faults.garbage = b"\x55\xaa\x00"
    assert await _raw_exchange(host, port, _RTU_READ) == b"\x55\xaa\x00" + clean


async def test_bad_crc_spoils_only_rtu_frames(mega: ThermiaSimulator) -> None:
    host, port = await mega.start_tcp(framer="rtu")
    clean = await _raw_exchange(host, port, _RTU_READ)
    mega.faults.bad_crc = True
    spoilt = await _raw_exchange(host, port, _RTU_READ)
    assert spoilt[:-1] == clean[:-1]
    assert spoilt[-1] == clean[-1] ^ 0x01
    async with tcp_client(mega) as client:  # MBAP has no CRC: the reply stands
        reply = await client.read_input_registers(1, count=1, device_id=1)
        assert reply.registers == [mega.get_raw("input_registers", 1)]


async def test_drop_mid_reply_sends_half_a_frame_and_hangs_up(mega: ThermiaSimulator) -> None:
    host, port = await mega.start_tcp(framer="rtu")
    clean = await _raw_exchange(host, port, _RTU_READ)
    mega.faults.drop_mid_reply = True
    # The connection closes at once: no waiting for the quiet timeout.
    start = time.monotonic()
    assert await _raw_exchange(host, port, _RTU_READ, within=2.0) == clean[: len(clean) // 2]
    assert time.monotonic() - start < 1.0


async def test_stop_tcp_refuses_then_start_tcp_binds_the_same_port(
    mega: ThermiaSimulator,
) -> None:
    async with tcp_client(mega) as client:
        host, port = mega.tcp_address or ("", 0)
        assert await mega.stop_tcp() == [(host, port)]
        with pytest.raises(ConnectionRefusedError):
            await asyncio.open_connection(host, port)
        await wait_for(lambda: not client.connected)
    assert await mega.start_tcp(host, port) == (host, port)
    again = AsyncModbusTcpClient(host, port=port, timeout=TIMEOUT, retries=0)
    assert await again.connect()
    try:
        reply = await again.read_input_registers(1, count=1, device_id=1)
    finally:
        again.close()
    assert reply.registers == [mega.get_raw("input_registers", 1)]
