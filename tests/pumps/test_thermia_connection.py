"""The pause between Modbus requests: what the serial line needs, and what an entry says."""

from __future__ import annotations

import pytest

from custom_components.nordic_heatpump.pumps.link import LineSettings, Link
from custom_components.nordic_heatpump.pumps.thermia.client import ThermiaClient
from custom_components.nordic_heatpump.pumps.thermia.connection import (
    ModbusTarget,
    Transport,
    default_request_gap_ms,
    pacing_for,
    rtu_silence,
)


@pytest.mark.parametrize(
    ("baudrate", "silence_us"),
    [(2400, 16042), (9600, 4010), (19200, 2005), (38400, 1750), (115200, 1750)],
)
def test_rtu_silence_is_three_and_a_half_characters(baudrate: int, silence_us: int) -> None:
    # 11-bit characters up to 19200 baud; a fixed 1.75 ms above.
    assert round(rtu_silence(baudrate) * 1_000_000) == silence_us


@pytest.mark.parametrize(
    ("transport", "baudrate", "gap_ms"),
    [
        (Transport.TCP, 19200, 0),
        (Transport.RTU, 2400, 17),
        (Transport.RTU, 9600, 5),
        (Transport.RTU, 19200, 3),
        (Transport.RTU, 115200, 2),
        (Transport.RTU_OVER_TCP, 19200, 3),
    ],
)
def test_default_gap_is_the_silence_the_line_needs(
    transport: Transport, baudrate: int, gap_ms: int
) -> None:
    assert default_request_gap_ms(transport, baudrate) == gap_ms


def test_pacing_follows_the_entry() -> None:
    # No option: the line's silence, from the entry's speed (Thermia's 19200 if none).
    assert pacing_for(Transport.RTU).request_gap == 0.003
    assert pacing_for(Transport.RTU, {"baudrate": 9600}).request_gap == 0.005
    assert pacing_for(Transport.TCP, {"baudrate": 9600}).request_gap == 0.0
    # An entry that chose its pause keeps it.
    assert pacing_for(Transport.RTU, {"baudrate": 9600, "request_gap_ms": 30}).request_gap == 0.03
    assert pacing_for(Transport.RTU_OVER_TCP, {"request_gap_ms": 0}).request_gap == 0.0


def test_a_client_paces_by_its_line_speed() -> None:
    line = LineSettings(baudrate=2400, parity="E", stopbits=1, bytesize=8)
    client = ThermiaClient("mega", ModbusTarget(Transport.RTU, Link.serial("/dev/null", line)))
    assert client.pacing.request_gap == 0.017
