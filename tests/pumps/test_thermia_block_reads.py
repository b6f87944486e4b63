"""Block reads against the simulated pump: as large as it allows, and what it refuses.

The simulator follows notes §9: a read is answered inside one field range, or for
one register listed outside them. Its `faults.max_registers`/`max_bits` make it a
controller that takes less than Modbus allows, answering larger reads with
exception 3 or not at all.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from custom_components.nordic_heatpump.pumps import open_client
from custom_components.nordic_heatpump.pumps.model import PumpTimeoutError, ReadResult
from custom_components.nordic_heatpump.pumps.thermia import read_sizes
from custom_components.nordic_heatpump.pumps.thermia.client import ThermiaClient

from ..conftest import rtu_config, tcp_config
from ..simulators.thermia import ThermiaSimulator, fixture_path
from ..simulators.thermia_ranges import RANGES, span_in_ranges

# Registers of the Inverter table this simulated pump does not have: it answers them
# with exception 2 (Genesis 17.1 and community-only addresses).
ABSENT = {
    "coil_allow_current_limiter_to_restrict_external_additional_heater",
    "coil_allow_current_limiter_to_restrict_secondary_heat_pump_units",
    "holding_desired_power_consumption_control",
    "holding_input_power_limit",
    "input_heat_cop_today",
    "input_heat_energy_consumed_today",
    "input_heat_energy_delivered_today",
    "input_heat_energy_from_natural_source_today",
}
FIELD_RANGES = sum(len(spans) for spans in RANGES["inverter"].values())
OUTSIDE_FIELD_RANGES = 22
"""Inverter registers outside every field range: each a documented range of its own."""
DOCUMENTED_RANGES = FIELD_RANGES + OUTSIDE_FIELD_RANGES

# A full poll once the absent registers are known: every range in one read, but
# input [0, 174], whose registers 1-158 take two.
STEADY_POLL = [
    ("coils", 3, 39),
    ("coils", 42, 1),
    ("coils", 59, 1),
    ("discrete_inputs", 0, 3),
    ("discrete_inputs", 9, 37),
    ("discrete_inputs", 47, 36),
    ("discrete_inputs", 87, 1),
    ("discrete_inputs", 199, 48),
    ("holding_registers", 0, 116),
    ("holding_registers", 116, 1),
    ("holding_registers", 117, 1),
    ("holding_registers", 118, 1),
    ("holding_registers", 119, 1),
    ("holding_registers", 120, 1),
    ("holding_registers", 199, 18),
    ("holding_registers", 239, 18),
    ("holding_registers", 298, 1),
    ("holding_registers", 299, 6),
    ("holding_registers", 321, 1),
    ("input_registers", 1, 125),
    ("input_registers", 126, 33),
    ("input_registers", 311, 1),
    ("input_registers", 312, 1),
    ("input_registers", 313, 1),
    ("input_registers", 315, 1),
    ("input_registers", 319, 1),
]
# What a controller that takes 16 settles on: every range in reads of at most 16.
SIXTEEN_RANGES = {
    "coil 3-41": 16,
    "discrete_input 46-83": 16,
    "discrete_input 9-45": 16,
    "discrete_input 199-247": 16,
    "holding 0-115": 16,
    "holding 199-217": 16,
    "holding 239-257": 16,
    "input 0-174": 16,
}


@pytest.fixture
async def inverter_sim() -> AsyncIterator[ThermiaSimulator]:
    simulator = ThermiaSimulator.from_fixture(fixture_path("inverter"))
    await simulator.start_tcp()
    yield simulator
    await simulator.stop()


def _client(config: dict[str, Any]) -> ThermiaClient:
    client = open_client(config)
    assert isinstance(client, ThermiaClient)
    return client


def _reads(sim: ThermiaSimulator) -> list[tuple[str | None, int, int]]:
    return [(request.kind, request.address, request.count) for request in sim.requests]


def _register_reads(sim: ThermiaSimulator) -> list[tuple[str | None, int, int]]:
    return [read for read in _reads(sim) if read[0] in ("input_registers", "holding_registers")]


async def _poll(client: ThermiaClient, sim: ThermiaSimulator) -> ReadResult:
    sim.clear_logs()
    return await client.read(list(client.channels.values()))


async def _reference_values(sim: ThermiaSimulator) -> dict[str, object]:
    """What a full poll reads from this pump when nothing limits the reads."""
    client = _client(tcp_config(sim, "inverter"))
    values = dict((await _poll(client, sim)).values)
    await client.close()
    return values


async def test_full_inverter_poll_reads_each_documented_range_whole(
    inverter_sim: ThermiaSimulator,
) -> None:
    client = _client(tcp_config(inverter_sim, "inverter"))  # no option: the Modbus maximum
    assert client.max_registers == 125
    first = await _poll(client, inverter_sim)
    assert first.failed == ABSENT
    assert len(first.values) == len(client.channels) - len(ABSENT) == 344
    # Every range once, input twice, and the 8 absent registers once each.
    assert len(inverter_sim.requests) == 34 == DOCUMENTED_RANGES + 1
    for kind, address, count in _reads(inverter_sim):
        assert kind is not None
        assert count == 1 or span_in_ranges("inverter", kind, address, count)
    # Absent registers are then left alone for ten minutes: within the target.
    steady = await _poll(client, inverter_sim)
    assert steady.values == first.values
    assert _reads(inverter_sim) == STEADY_POLL
    assert len(STEADY_POLL) == 26 < DOCUMENTED_RANGES == 33
    assert client.diagnostics()["read_sizes"] == {}
    await client.close()


async def test_a_controller_that_takes_16_answering_exception_3(
    inverter_sim: ThermiaSimulator,
) -> None:
    expected = await _reference_values(inverter_sim)
    inverter_sim.faults.max_registers = 16
    inverter_sim.faults.max_bits = 16
    client = _client(tcp_config(inverter_sim, "inverter"))
    first = await _poll(client, inverter_sim)
    assert first.values == expected
    assert first.failed == ABSENT
    # Each wide range halves down 125/64/32/16 once; the exceptions cost no waiting.
    assert len(inverter_sim.requests) == 82
    assert client.diagnostics()["statistics"]["rejections"] == 31
    assert client.diagnostics()["read_sizes"] == SIXTEEN_RANGES
    # Remembered: the next poll asks only what the controller takes, and nothing fails.
    steady = await _poll(client, inverter_sim)
    assert steady.values == expected
    assert len(inverter_sim.requests) == 49
    assert max(count for _, _, count in _reads(inverter_sim)) == 16
    assert client.diagnostics()["statistics"]["rejections"] == 31
    await client.close()
    # Registers: the same reads a client told to read 16 at a time makes (it would
    # still read up to 256 bits at once).
    learned = _register_reads(inverter_sim)
    inverter_sim.faults.clear()
    sixteen = _client(tcp_config(inverter_sim, "inverter") | {"max_registers": 16})
    await _poll(sixteen, inverter_sim)
    await _poll(sixteen, inverter_sim)
    assert _register_reads(inverter_sim) == learned
    await sixteen.close()


async def test_a_controller_that_takes_16_leaving_larger_reads_unanswered(
    inverter_sim: ThermiaSimulator,
) -> None:
    expected = await _reference_values(inverter_sim)
    inverter_sim.faults.max_registers = 16
    inverter_sim.faults.max_bits = 16
    inverter_sim.faults.oversize_silent = True
    client = _client(tcp_config(inverter_sim, "inverter"))
    first = await _poll(client, inverter_sim)
    assert first.values == expected
    assert first.failed == ABSENT
    # One timeout per Modbus table: after it, one register proves the pump is there,
    # and the other ranges of that table start at the size learned.
    assert client.diagnostics()["statistics"]["timeouts"] == 4
    assert len(inverter_sim.requests) == 66
    assert client.diagnostics()["read_sizes"] == {
        "coil 3-41": 16,
        "discrete_input 9-45": 16,
        "holding 0-115": 16,
        "input 0-174": 16,
    }
    steady = await _poll(client, inverter_sim)
    assert steady.values == expected
    assert len(inverter_sim.requests) == 49
    assert max(count for _, _, count in _reads(inverter_sim)) == 16
    assert client.diagnostics()["statistics"]["timeouts"] == 4
    await client.close()


async def test_a_controller_that_takes_16_on_an_rtu_line() -> None:
    async with ThermiaSimulator.from_fixture(fixture_path("inverter")) as sim:
        path = await sim.start_rtu_pty()
        sim.faults.max_registers = 16
        sim.faults.max_bits = 16
        sim.faults.oversize_silent = True
        client = _client(rtu_config(path, "inverter") | {"request_gap_ms": 0})
        first = await _poll(client, sim)
        assert first.failed == ABSENT
        assert len(first.values) == 344
        assert client.diagnostics()["statistics"]["timeouts"] == 4
        steady = await _poll(client, sim)
        assert steady.values == first.values
        assert len(sim.requests) == 49
        await client.close()


async def test_a_silent_pump_is_not_taken_for_a_size_limit(
    inverter_sim: ThermiaSimulator,
) -> None:
    client = _client(tcp_config(inverter_sim, "inverter"))
    await _poll(client, inverter_sim)
    inverter_sim.faults.silent = True
    with pytest.raises(PumpTimeoutError):
        await _poll(client, inverter_sim)
    # The first block, then one register: both unanswered, so the poll stops there.
    assert _reads(inverter_sim) == [("coils", 3, 39), ("coils", 3, 1)]
    assert client.diagnostics()["read_sizes"] == {}
    inverter_sim.faults.silent = False
    await _poll(client, inverter_sim)
    assert _reads(inverter_sim) == STEADY_POLL
    await client.close()


async def test_a_pump_falling_silent_mid_poll_keeps_what_was_read(
    inverter_sim: ThermiaSimulator,
) -> None:
    client = _client(tcp_config(inverter_sim, "inverter"))
    await _poll(client, inverter_sim)
    inverter_sim.faults.silent_after = 9  # answers up to the holding 0-115 read
    result = await _poll(client, inverter_sim)
    # Holding 116, a single register, goes unanswered: the poll stops there.
    assert _reads(inverter_sim)[8:] == [
        ("holding_registers", 0, 116),
        ("holding_registers", 116, 1),
    ]
    assert "holding_comfort_wheel_setting" in result.values
    assert "input_outdoor_temperature" in result.failed
    assert client.diagnostics()["read_sizes"] == {}
    await client.close()


async def test_a_rejected_register_does_not_shrink_the_reads(
    inverter_sim: ThermiaSimulator,
) -> None:
    client = _client(tcp_config(inverter_sim, "inverter"))
    await _poll(client, inverter_sim)
    inverter_sim.faults.exception_at.add(("input_registers", 13))
    result = await _poll(client, inverter_sim)
    assert "input_outdoor_temperature" in result.failed
    assert client.diagnostics()["read_sizes"] == {}
    # Next poll: the reads go round the rejected register, as large as before.
    await _poll(client, inverter_sim)
    inputs = [read for read in _reads(inverter_sim) if read[0] == "input_registers"]
    assert inputs[:3] == [
        ("input_registers", 1, 12),
        ("input_registers", 15, 125),
        ("input_registers", 140, 19),
    ]
    await client.close()


async def test_a_size_learned_from_timeouts_grows_back_when_reads_work_again(
    inverter_sim: ThermiaSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read_sizes, "RETRY_LARGER_AFTER", 0.0)
    client = _client(tcp_config(inverter_sim, "inverter"))
    inputs = [c for c in client.channels.values() if c.key.startswith("input_")]
    inverter_sim.faults.max_registers = 16
    inverter_sim.faults.oversize_silent = True
    await client.read(inputs)
    assert client.diagnostics()["read_sizes"] == {"input 0-174": 16}
    inverter_sim.faults.clear()  # it was the link after all
    sizes = []
    for _ in range(4):
        await client.read(inputs)
        sizes.append(client.diagnostics()["read_sizes"])
    assert sizes == [{"input 0-174": 32}, {"input 0-174": 64}, {}, {}]
    assert client.diagnostics()["statistics"]["timeouts"] == 1
    await client.close()


async def test_a_larger_read_timing_out_again_confirms_the_limit(
    inverter_sim: ThermiaSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read_sizes, "RETRY_LARGER_AFTER", 0.0)
    client = _client(tcp_config(inverter_sim, "inverter"))
    inputs = [c for c in client.channels.values() if c.key.startswith("input_")]
    inverter_sim.faults.max_registers = 32
    inverter_sim.faults.oversize_silent = True
    await client.read(inputs)  # 125 unanswered: straight down to 16
    grown = []
    for _ in range(4):
        result = await client.read(inputs)
        assert len(result.values) == len(inputs) - 4  # input 331-334 are absent
        grown.append(client.diagnostics()["read_sizes"])
    # 32 works; 64 times out again, so 32 it stays, and nothing more is tried.
    assert grown == [{"input 0-174": 32}] * 4
    assert client.diagnostics()["statistics"]["timeouts"] == 2
    await client.close()
