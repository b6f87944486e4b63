"""The Thermia client against the simulated pump over real sockets: no Home Assistant."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import time

import pytest

from custom_components.nordic_heatpump.pumps import open_client
from custom_components.nordic_heatpump.pumps.link import Link
from custom_components.nordic_heatpump.pumps.model import (
    PumpConnectionError,
    PumpError,
    PumpNoAnswerError,
    PumpRejectedError,
    PumpTimeoutError,
    PumpWriteMismatchError,
)
from custom_components.nordic_heatpump.pumps.session import Pacing
from custom_components.nordic_heatpump.pumps.thermia import client as client_module
from custom_components.nordic_heatpump.pumps.thermia.client import ThermiaClient
from custom_components.nordic_heatpump.pumps.thermia.connection import ModbusTarget, Transport

from ..simulators.thermia import ThermiaSimulator, fixture_path


@pytest.fixture
async def sim() -> AsyncIterator[ThermiaSimulator]:
    simulator = ThermiaSimulator.from_fixture(fixture_path("mega"))
    await simulator.start_tcp()
    yield simulator
    await simulator.stop()


def _target(host: str, port: int, transport: Transport = Transport.TCP, unit_id: int = 1):
    return ModbusTarget(transport, Link.network(host, port), unit_id)


def _client(
    sim: ThermiaSimulator, max_registers: int = 16, request_gap: float = 0.0
) -> ThermiaClient:
    return ThermiaClient(
        "mega",
        _target(*sim.tcp_address),
        Pacing(request_gap=request_gap, timeout=0.3, retries=0),
        max_registers=max_registers,
    )


async def test_open_client_builds_from_entry_data(sim: ThermiaSimulator) -> None:
    host, port = sim.tcp_address
    client = open_client(
        {
            "family": "thermia",
            "model": "mega",
            "transport": "tcp",
            "host": host,
            "port": port,
            "max_registers": 500,
            "request_gap_ms": 20,
        }
    )
    assert isinstance(client, ThermiaClient)
    assert client.max_registers == 125
    assert client.pacing == Pacing(request_gap=0.02, timeout=0.3, retries=0, backoff_max=15.0)
    identity = await client.identify()
    assert identity.firmware == "9.2.1"
    await client.close()


async def test_reads_all_mega_channels_in_few_requests(sim: ThermiaSimulator) -> None:
    client = _client(sim, max_registers=125)
    channels = list(client.channels.values())
    result = await client.read(channels)
    await client.close()
    # This pump runs v10-era firmware: the v12/v13 version registers are rejected, alone.
    # The current-limiter coils sit at 60/61 (Genesis 17.1 and the de facto column); the
    # simulated pump follows the v12/v13 address column (62/63) and rejects them.
    newer = {f"input_control_software_version_{part}" for part in ("major", "minor", "micro")}
    newer |= {
        "coil_allow_current_limiter_to_restrict_external_additional_heater",
        "coil_allow_current_limiter_to_restrict_secondary_heat_pump_units",
    }
    assert result.failed == newer
    assert set(result.values) == {c.key for c in channels} - newer
    # One read per documented range (12 field ranges, 17 registers outside them).
    assert len(sim.requests) == 29


async def test_split_isolates_each_rejected_register(sim: ThermiaSimulator) -> None:
    client = _client(sim, max_registers=16)
    wanted = [
        client.channels[key]
        for key in (
            "input_outdoor_temperature",
            "input_condenser_out_temperature",
            "input_tap_water_top_temperature",
            "input_brine_in_temperature",
        )
    ]
    sim.faults.exception_at.update({("input_registers", 13), ("input_registers", 15)})
    result = await client.read(wanted)
    assert result.failed == {"input_outdoor_temperature", "input_tap_water_top_temperature"}
    assert set(result.values) == {"input_condenser_out_temperature", "input_brine_in_temperature"}
    # Remembered: a second poll reads the healthy ones in one request, skips the rest.
    sim.requests.clear()
    result = await client.read(wanted)
    assert result.failed == {"input_outdoor_temperature", "input_tap_water_top_temperature"}
    assert len(sim.requests) == 1
    await client.close()


async def test_rejected_register_is_retried_later(
    sim: ThermiaSimulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_module, "RETRY_FAILED_AFTER", 0.0)
    client = _client(sim)
    outdoor = client.channels["input_outdoor_temperature"]
    room = client.channels["input_room_temperature_sensor"]  # answers: the pump is there
    sim.faults.exception_at.add(("input_registers", 13))
    assert (await client.read([outdoor, room])).failed == {"input_outdoor_temperature"}
    # Tried again (at once here) and still rejected: it stays so.
    assert (await client.read([outdoor, room])).failed == {"input_outdoor_temperature"}
    assert client.diagnostics()["rejected_channels"] == ["input_outdoor_temperature"]
    sim.faults.exception_at.clear()
    assert (await client.read([outdoor, room])).values["input_outdoor_temperature"] == -5.5
    assert client.diagnostics()["rejected_channels"] == []
    await client.close()


async def test_request_gap_spaces_requests(sim: ThermiaSimulator) -> None:
    client = _client(sim, max_registers=1, request_gap=0.05)
    wanted = [
        client.channels["input_outdoor_temperature"],
        client.channels["input_brine_in_temperature"],
        client.channels["input_condenser_out_temperature"],
    ]
    await client.connect()
    start = time.monotonic()
    await client.read(wanted)
    elapsed = time.monotonic() - start
    await client.close()
    assert elapsed >= 0.1  # three requests, two gaps


async def test_timeout_when_pump_is_silent(sim: ThermiaSimulator) -> None:
    client = _client(sim)
    sim.faults.silent = True
    with pytest.raises(PumpTimeoutError):
        await client.read([client.channels["input_outdoor_temperature"]])
    await client.close()


async def test_reconnects_after_dropped_connection(sim: ThermiaSimulator) -> None:
    client = _client(sim)
    outdoor = client.channels["input_outdoor_temperature"]
    assert (await client.read([outdoor])).values
    assert sim.drop_connections() == 1
    await asyncio.sleep(0.05)
    # The link found closed is rebuilt before the next request, without a backoff.
    assert (await client.read([outdoor])).values == {"input_outdoor_temperature": -5.5}
    statistics = client.diagnostics()["statistics"]
    assert (statistics["connects"], statistics["links_lost"]) == (2, 1)
    await client.close()


async def test_link_broken_under_a_request(sim: ThermiaSimulator) -> None:
    client = _client(sim)
    outdoor = client.channels["input_outdoor_temperature"]
    await client.connect()
    sim.faults.drop_next_request = True
    with pytest.raises(PumpConnectionError, match="the link broke reading"):
        await client.read([outdoor])
    statistics = client.diagnostics()["statistics"]
    assert (statistics["timeouts"], statistics["links_lost"], statistics["retries"]) == (0, 1, 0)
    assert (await client.read([outdoor])).values == {"input_outdoor_temperature": -5.5}
    await client.close()


async def test_backoff_after_failed_connect(sim: ThermiaSimulator) -> None:
    client = ThermiaClient("mega", _target("127.0.0.1", 1))
    with pytest.raises(PumpConnectionError, match="cannot connect"):
        await client.connect()
    # Straight after a failure the client does not hammer the endpoint.
    with pytest.raises(PumpConnectionError, match="waiting"):
        await client.connect()
    assert client.diagnostics()["statistics"]["connect_failures"] == 1
    await client.close()


async def test_partial_poll_keeps_what_was_read(sim: ThermiaSimulator) -> None:
    client = _client(sim, max_registers=1)
    wanted = [
        client.channels["input_outdoor_temperature"],
        client.channels["input_brine_in_temperature"],
    ]
    await client.connect()
    sim.faults.silent_after = 1
    result = await client.read(wanted)
    await client.close()
    assert len(result.values) == 1
    assert len(result.failed) == 1


async def test_firmware_unknown_when_version_registers_say_nothing(sim: ThermiaSimulator) -> None:
    client = _client(sim)
    for address in (57, 58, 59):
        sim.set_raw("input_registers", address, 0)
    assert (await client.identify()).firmware is None
    sim.faults.exception_at.add(("input_registers", 57))
    assert (await client.identify()).firmware is None
    await client.close()


async def test_nothing_wanted_reads_nothing(sim: ThermiaSimulator) -> None:
    client = _client(sim)
    result = await client.read([])
    assert result.values == {}
    assert sim.requests == []


async def test_write_refuses_what_the_table_does_not_allow(sim: ThermiaSimulator) -> None:
    client = _client(sim)
    with pytest.raises(PumpError, match="not writable"):
        await client.write(client.channels["input_outdoor_temperature"], 1.0)
    with pytest.raises(PumpError, match="takes a number"):
        await client.write(client.channels["holding_comfort_wheel_setting"], True)
    assert sim.writes == []
    await client.close()


async def test_write_timeout_and_no_answer_on_a_serial_line(sim: ThermiaSimulator) -> None:
    client = _client(sim)
    comfort = client.channels["holding_comfort_wheel_setting"]
    await client.connect()
    sim.faults.silent = True
    with pytest.raises(PumpTimeoutError) as err:
        await client.write(comfort, 22.0)
    assert not isinstance(err.value, PumpNoAnswerError)
    await client.close()
    host, port = await sim.start_tcp(framer="rtu")
    sim.faults.silent = False
    bridge = ThermiaClient("mega", _target(host, port, Transport.RTU_OVER_TCP, unit_id=7))
    with pytest.raises(PumpNoAnswerError):
        await bridge.write(bridge.channels["holding_comfort_wheel_setting"], 22.0)
    assert sim.writes == []
    await bridge.close()


async def test_momentary_action_may_clear_itself(sim: ThermiaSimulator) -> None:
    client = _client(sim)
    reset = client.channels["coil_reset_all_alarms"]
    sim.write_rules.substitute[("coils", 3)] = 0  # the pump acts, then clears the coil
    assert await client.write(reset, True) is False
    assert sim.writes[-1].value == 1
    # An ordinary setting is still held to what was asked.
    comfort = client.channels["holding_comfort_wheel_setting"]
    sim.write_rules.substitute[("holding_registers", 5)] = 2000
    with pytest.raises(PumpWriteMismatchError):
        await client.write(comfort, 22.0)
    await client.close()


async def test_a_mute_unit_is_named_within_3_s(
    sim: ThermiaSimulator, production_timeouts: None
) -> None:
    # Production timeouts (3 s, one retry): a poll would wait 6 s; the probe has 2.5 s.
    host, port = await sim.start_tcp(framer="rtu")
    client = ThermiaClient("mega", _target(host, port, Transport.RTU_OVER_TCP, unit_id=7))
    assert client.pacing == Pacing(request_gap=0.003, timeout=3.0, retries=1, backoff_max=15.0)
    loop = asyncio.get_running_loop()
    start = loop.time()
    with pytest.raises(PumpNoAnswerError, match="unit 7"):
        await client.identify()
    assert loop.time() - start <= 3.0
    # The budget was shared between the request and its retry, on a fresh link.
    assert [(r.address, r.unit_id) for r in sim.requests] == [(1, 7), (1, 7)]
    statistics = client.diagnostics()["statistics"]
    assert statistics == {
        "requests": 2,
        "retries": 1,
        "timeouts": 2,
        "rejections": 0,
        "failures": 2,
        "connects": 2,
        "connect_failures": 0,
        "reconnects": 1,
        "links_lost": 0,
        "last_error": "no answer reading input 1+1",
        "round_trip_mean_ms": None,
        "round_trip_max_ms": None,
    }
    await client.close()


async def test_diagnostics_show_the_session(sim: ThermiaSimulator) -> None:
    client = _client(sim, request_gap=0.01)
    sim.faults.exception_at.add(("input_registers", 13))
    outdoor = client.channels["input_outdoor_temperature"]
    room = client.channels["input_room_temperature_sensor"]
    assert (await client.read([outdoor, room])).failed == {"input_outdoor_temperature"}
    diagnostics = client.diagnostics()
    statistics = diagnostics["statistics"]
    assert isinstance(statistics, dict)
    # The rejection was an answer too: two round trips.
    mean, longest = statistics.pop("round_trip_mean_ms"), statistics.pop("round_trip_max_ms")
    assert isinstance(mean, float)
    assert isinstance(longest, float)
    assert 0 < mean <= longest
    assert diagnostics == {
        "model": "mega",
        "transport": "tcp",
        "unit_id": 1,
        "max_registers": 16,
        "read_sizes": {},
        "connected": True,
        "request_gap_s": 0.01,
        "timeout_s": 0.3,
        "retries": 0,
        "reconnect_delay_s": 0.0,
        "statistics": {
            "requests": 2,
            "retries": 0,
            "timeouts": 0,
            "rejections": 1,
            "failures": 0,
            "connects": 1,
            "connect_failures": 0,
            "reconnects": 0,
            "links_lost": 0,
            "last_error": None,
        },
        "rejected_channels": ["input_outdoor_temperature"],
        "rejected_registers": ["input 13"],
        "last_raw": {"input 121": [sim.get_raw("input_registers", 121)]},
    }
    await client.close()
    assert client.diagnostics()["connected"] is False


async def test_a_pump_refusing_every_read_is_down_not_short_of_registers(
    sim: ThermiaSimulator,
) -> None:
    client = _client(sim)
    wanted = [
        client.channels[key]
        for key in ("input_outdoor_temperature", "input_room_temperature_sensor")
    ]
    sim.faults.exception_every_request = True
    sim.faults.exception_code = 6  # server device busy
    with pytest.raises(PumpRejectedError, match="refused every read") as refused:
        await client.read(wanted)
    assert refused.value.code == 6
    assert client.diagnostics()["rejected_channels"] == []
    sim.faults.clear()
    # The next poll reads everything: nothing was put aside for ten minutes.
    result = await client.read(wanted)
    assert result.failed == set()
    assert result.values["input_outdoor_temperature"] == -5.5
    await client.close()


async def test_a_refusal_among_answers_is_still_remembered(sim: ThermiaSimulator) -> None:
    client = _client(sim)
    wanted = [
        client.channels[key]
        for key in ("input_outdoor_temperature", "input_room_temperature_sensor")
    ]
    sim.faults.exception_at.add(("input_registers", 13))
    assert (await client.read(wanted)).failed == {"input_outdoor_temperature"}
    assert client.diagnostics()["rejected_channels"] == ["input_outdoor_temperature"]
    await client.close()
