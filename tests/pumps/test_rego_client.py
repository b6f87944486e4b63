"""The Rego 6xx client against the simulated controller, over TCP (a bridge) and a pty.

The channels below are written here from the reference's register map (part A.7), not
taken from the integration's table: the client is checked on its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from itertools import pairwise
import socket
from typing import Any

import pytest

from custom_components.nordic_heatpump.pumps.link import LineSettings, Link
from custom_components.nordic_heatpump.pumps.model import (
    Channel,
    ClimateRoles,
    Codec,
    DeviceIdentity,
    ErrorLogRoles,
    Kind,
    Limits,
    PumpConnectionError,
    PumpCorruptReplyError,
    PumpError,
    PumpRejectedError,
    PumpTimeoutError,
    PumpWriteMismatchError,
    WaterHeaterRoles,
)
from custom_components.nordic_heatpump.pumps.rego.client import RegoClient, pacing_from
from custom_components.nordic_heatpump.pumps.rego.register import RegoChannel, RegoRegister
from custom_components.nordic_heatpump.pumps.rego.registers import LAYOUTS, channels_for
from custom_components.nordic_heatpump.pumps.session import Pacing
from custom_components.nordic_heatpump.pumps.settings import REQUEST_GAP_MS
from tests.simulators.rego import RegoSimulator, RequestRecord, WriteRecord

pytestmark = pytest.mark.usefixtures("socket_enabled")

ABSENT = frozenset({-483})
TENTHS = Codec(scale=10, missing=ABSENT)
ERRORS = Codec(
    options={
        0: "sensor_radiator_return",
        10: "compressor_circuit_switch",
        11: "electrical_cassette",
    }
)


def _temperature(key: str, address: int, *, layout_shift: int = 0) -> RegoChannel:
    return Channel(
        key, Kind.MEASUREMENT, RegoRegister(0x02, address + layout_shift), TENTHS, unit="°C"
    )


def _setting(key: str, address: int, minimum: float, maximum: float) -> RegoChannel:
    return Channel(
        key,
        Kind.SETTING,
        RegoRegister(0x02, address),
        TENTHS,
        unit="°C",
        limits=Limits(minimum, maximum, 0.1, "test"),
    )


def _channels(shift: int = 0) -> dict[str, RegoChannel]:
    """A sample of every kind; `shift` is 2 for the Rego 636 sensor and device registers."""
    channels = [
        _temperature("radiator_return", 0x0209 + shift),
        _temperature("outdoor", 0x020A + shift),
        _temperature("indoor", 0x020D + shift),
        _temperature("external_hot_water", 0x0213 + shift),  # -483 in the fixture: absent
        _temperature("radiator_forward_target", 0x006D),
        Channel(
            "add_heat_power_percent", Kind.MEASUREMENT, RegoRegister(0x02, 0x006C), TENTHS, unit="%"
        ),
        Channel("compressor", Kind.FLAG, RegoRegister(0x02, 0x01FE + shift)),
        Channel("alarm", Kind.FLAG, RegoRegister(0x02, 0x0206 + shift)),
        Channel(
            "heat_pump_in_operation_rad",
            Kind.COUNTER,
            RegoRegister(0x02, 0x0048),
            Codec(signed=False),
            unit="h",
        ),
        Channel(
            "add_heat_in_operation_dhw",
            Kind.COUNTER,
            RegoRegister(0x02, 0x004E),
            Codec(signed=False),
            unit="h",
        ),
        Channel("power_lamp", Kind.FLAG, RegoRegister(0x00, 0x0012)),
        Channel("hot_water_lamp", Kind.FLAG, RegoRegister(0x00, 0x0015)),
        _setting("heat_curve_fine_adj", 0x0001, -10, 10),
        _setting("indoor_temp_setting", 0x0021, 10, 30),
        Channel("last_error_type", Kind.STATUS, RegoRegister(0x40, 0), ERRORS),
        Channel("last_error_timestamp", Kind.TIMESTAMP, RegoRegister(0x40, 0)),
    ]
    return {channel.key: channel for channel in channels}


EXPECTED_600 = {
    "radiator_return": 30.5,
    "outdoor": -5.0,
    "indoor": 21.5,
    "external_hot_water": None,
    "radiator_forward_target": 36.2,
    "add_heat_power_percent": 33.3,
    "compressor": True,
    "alarm": False,
    "heat_pump_in_operation_rad": 40000,  # above 32767: unsigned
    "add_heat_in_operation_dhw": 56,
    "power_lamp": True,
    "hot_water_lamp": False,
    "heat_curve_fine_adj": -1.0,
    "indoor_temp_setting": 21.0,
    "last_error_type": "electrical_cassette",
    "last_error_timestamp": datetime(2025, 1, 28, 5, 11, 52),  # noqa: DTZ001
}
PLACES = 15
"""Requests one full read of the channels above takes: the error log's two share one."""

FAST = Pacing(request_gap=0.0, timeout=0.3, retries=3, retry_lost_links=True)
"""Short deadlines for the fault tests; the defaults are tested on their own."""


@pytest.fixture
async def sim() -> AsyncIterator[RegoSimulator]:
    async with RegoSimulator("600") as simulator:
        await simulator.start_tcp()
        yield simulator


def _tcp(sim: RegoSimulator) -> Link:
    assert sim.tcp_address is not None
    host, port = sim.tcp_address
    return Link.network(host, port)


def _pty(path: str) -> Link:
    return Link.serial(path, LineSettings())


async def _client(
    link: Link, pacing: Pacing | None = None, **kwargs: Any
) -> AsyncIterator[RegoClient]:
    client = RegoClient(_channels(), link, pacing, layout="600-635/637", **kwargs)
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture
async def client(sim: RegoSimulator) -> AsyncIterator[RegoClient]:
    async for made in _client(_tcp(sim)):
        yield made


@pytest.fixture
async def fast(sim: RegoSimulator) -> AsyncIterator[RegoClient]:
    async for made in _client(_tcp(sim), FAST):
        yield made


def _commands(sim: RegoSimulator) -> list[tuple[int, int, int]]:
    return [(r.command, r.address, r.value) for r in sim.requests]


# -- pacing and construction --------------------------------------------------------------


def test_default_pacing() -> None:
    assert pacing_from() == Pacing(
        request_gap=0.08, timeout=2.0, retries=3, backoff_max=30.0, retry_lost_links=True
    )
    assert pacing_from({REQUEST_GAP_MS: 150}).request_gap == 0.15
    assert pacing_from({REQUEST_GAP_MS: -5}).request_gap == 0.0


def test_a_channel_must_be_read_with_a_read_command() -> None:
    bad = Channel("oops", Kind.SETTING, RegoRegister(0x03, 0x0021), TENTHS)
    with pytest.raises(ValueError, match="oops: command 0x03 is not a read"):
        RegoClient({"oops": bad}, Link.network("127.0.0.1", 9265))


def test_roles_only_when_the_table_has_their_channels() -> None:
    link = Link.network("127.0.0.1", 9265)
    climate = ClimateRoles(target="indoor_temp_setting", current="indoor", running="compressor")
    water = WaterHeaterRoles(current=("hot_water",), target="hot_water_target")
    client = RegoClient(_channels(), link, climate=climate, water_heater=water)
    assert client.climate_roles == climate
    assert client.water_heater_roles is None  # no hot water channels in this sample
    assert client.error_log_roles == ErrorLogRoles(
        code="last_error_type", time="last_error_timestamp"
    )
    without_log = {k: c for k, c in _channels().items() if k != "last_error_timestamp"}
    bare = RegoClient(without_log, link)
    assert bare.climate_roles is None
    assert bare.error_log_roles is None


# -- identity -----------------------------------------------------------------------------


async def test_identify(sim: RegoSimulator, client: RegoClient) -> None:
    assert await client.identify() == DeviceIdentity(
        manufacturer="IVT / Bosch", model="Rego 6xx (layout 600-635/637)"
    )
    assert _commands(sim) == [(0x7F, 0, 0)]


async def test_identify_without_a_layout(sim: RegoSimulator) -> None:
    client = RegoClient(_channels(), _tcp(sim))
    assert (await client.identify()).model == "Rego 6xx"
    await client.close()


async def test_a_device_that_is_not_a_rego_600_is_refused(
    sim: RegoSimulator, client: RegoClient
) -> None:
    sim.version = 601
    with pytest.raises(PumpRejectedError, match="answered version 601: not a Rego 600") as err:
        await client.identify()
    assert err.value.code == 601


async def test_a_mute_device_is_named_within_the_probe_budget(
    sim: RegoSimulator, client: RegoClient
) -> None:
    sim.faults.silent = True
    loop = asyncio.get_running_loop()
    start = loop.time()
    with pytest.raises(PumpTimeoutError):
        await client.identify()
    elapsed = loop.time() - start
    assert 2.4 <= elapsed < 3.0
    assert {r.command for r in sim.requests} == {0x7F}


async def test_garbage_is_named_as_such(sim: RegoSimulator, client: RegoClient) -> None:
    sim.faults.bad_checksum = True
    with pytest.raises(PumpCorruptReplyError, match="bad checksum"):
        await client.identify()
    assert len(sim.requests) == 4  # asked again, on fresh links, then given up
    assert client.diagnostics()["corrupt_replies"] == 4


# -- reading ------------------------------------------------------------------------------


async def test_read_every_kind(sim: RegoSimulator, client: RegoClient) -> None:
    result = await client.read(client.channels.values())
    assert result.values == EXPECTED_600
    assert result.failed == set()
    # One request per place, in table order; the error log's two channels share one.
    assert _commands(sim) == [
        (0x02, 0x0209, 0),
        (0x02, 0x020A, 0),
        (0x02, 0x020D, 0),
        (0x02, 0x0213, 0),
        (0x02, 0x006D, 0),
        (0x02, 0x006C, 0),
        (0x02, 0x01FE, 0),
        (0x02, 0x0206, 0),
        (0x02, 0x0048, 0),
        (0x02, 0x004E, 0),
        (0x00, 0x0012, 0),
        (0x00, 0x0015, 0),
        (0x02, 0x0001, 0),
        (0x02, 0x0021, 0),
        (0x40, 0x0000, 0),
    ]
    assert sim.writes == []


async def test_requests_keep_their_pause(sim: RegoSimulator, client: RegoClient) -> None:
    await client.read(client.channels.values())
    times = [record.time for record in sim.requests]
    assert len(times) == PLACES
    # The pause runs from the end of one reply to the next request: at least 80 ms apart.
    assert min(b - a for a, b in pairwise(times)) >= 0.08


async def test_the_rego_636_layout(sim: RegoSimulator) -> None:
    async with RegoSimulator("636") as sim636:
        host, port = await sim636.start_tcp()
        client = RegoClient(_channels(shift=2), Link.network(host, port), layout="636")
        result = await client.read(client.channels.values())
        await client.close()
    assert result.values == EXPECTED_600


async def test_values_follow_the_device(sim: RegoSimulator, client: RegoClient) -> None:
    sim.set("outdoor", -251)
    sim.set("heat_pump_in_operation_rad", 65535)
    sim.set("indoor", -483)
    keys = ("outdoor", "heat_pump_in_operation_rad", "indoor")
    result = await client.read([client.channels[key] for key in keys])
    assert result.values == {"outdoor": -25.1, "heat_pump_in_operation_rad": 65535, "indoor": None}


async def test_the_error_log(sim: RegoSimulator, client: RegoClient) -> None:
    keys = ("last_error_type", "last_error_timestamp")
    wanted = [client.channels[key] for key in keys]
    sim.clear_errors()
    assert (await client.read(wanted)).values == dict.fromkeys(keys)
    sim.log_error(10, datetime(2026, 3, 4, 22, 1, 9))  # noqa: DTZ001
    assert (await client.read(wanted)).values == {
        "last_error_type": "compressor_circuit_switch",
        "last_error_timestamp": datetime(2026, 3, 4, 22, 1, 9),  # noqa: DTZ001
    }
    sim.log_error(7, datetime(2026, 3, 5, 0, 0, 0))  # noqa: DTZ001 - a code without a name
    assert (await client.read(wanted)).values == {
        "last_error_type": None,
        "last_error_timestamp": datetime(2026, 3, 5, 0, 0, 0),  # noqa: DTZ001
    }
    assert [r.command for r in sim.requests] == [0x40, 0x40, 0x40]


async def test_channels_of_another_client_are_not_read(
    sim: RegoSimulator, client: RegoClient
) -> None:
    stranger = _temperature("outdoor", 0x020A)  # equal, but not this client's own
    result = await client.read([stranger])
    assert (result.values, result.failed) == ({}, set())
    assert sim.requests == []


async def test_over_a_pty(sim: RegoSimulator) -> None:
    path = await sim.start_pty()
    async for client in _client(_pty(path)):
        assert (await client.identify()).manufacturer == "IVT / Bosch"
        result = await client.read(client.channels.values())
        assert result.values == EXPECTED_600
        assert await client.write(client.channels["indoor_temp_setting"], 22.5) == 22.5
    assert sim.writes == [WriteRecord(0x03, 0x0021, 225)]


@pytest.mark.parametrize("layout", LAYOUTS)
async def test_the_integration_table_on_either_layout(layout: str) -> None:
    """Every channel of the table, read in one poll: one request per place, none lost."""
    async with RegoSimulator(layout) as device:
        host, port = await device.start_tcp()
        link = Link.network(host, port)
        # No pause: the pacing has its own tests, this one is about the table.
        client = RegoClient(channels_for(layout), link, pacing_from({REQUEST_GAP_MS: 0}))
        result = await client.read(client.channels.values())
        assert await client.write(client.channels["hot_water_target"], 52.5) == 52.5
        await client.close()
    assert result.failed == set()
    assert result.values.keys() == client.channels.keys()
    places = {channel.where for channel in client.channels.values()}
    assert len(device.requests) == len(places) + 2  # and the write with its read-back
    assert {key: result.values[key] for key in SAMPLE} == SAMPLE
    assert device.writes == [WriteRecord(0x03, 0x002B, 525)]


SAMPLE = {
    "outdoor": -5.0,
    "indoor": 21.5,
    "external_hot_water": None,
    "compressor_state": True,
    "heat_pump_in_operation_rad": 40000,
    "power_lamp": True,
    "heat_curve_fine_adj": -1.0,
    "last_error_type": "electrical_cassette",
    "last_error_timestamp": datetime(2025, 1, 28, 5, 11, 52),  # noqa: DTZ001
}
"""Values of the simulator's image, as the table decodes them."""


# -- writing ------------------------------------------------------------------------------


async def test_a_confirmed_write(sim: RegoSimulator, client: RegoClient) -> None:
    setting = client.channels["indoor_temp_setting"]
    assert await client.write(setting, 22.5) == 22.5
    assert sim.writes == [WriteRecord(0x03, 0x0021, 225)]
    assert _commands(sim) == [(0x03, 0x0021, 225), (0x02, 0x0021, 0)]
    assert sim.raw("indoor_temp_setting") == 225


async def test_a_negative_setting(sim: RegoSimulator, client: RegoClient) -> None:
    assert await client.write(client.channels["heat_curve_fine_adj"], -2.5) == -2.5
    assert sim.signed("heat_curve_fine_adj") == -25
    assert sim.writes == [WriteRecord(0x03, 0x0001, -25)]


async def test_a_write_the_device_does_not_keep(sim: RegoSimulator, client: RegoClient) -> None:
    sim.substitute[0x0021] = 200  # the controller keeps 20.0 °C whatever is asked
    with pytest.raises(PumpWriteMismatchError, match=r"wrote 22\.5, read back 20\.0") as err:
        await client.write(client.channels["indoor_temp_setting"], 22.5)
    assert (err.value.asked, err.value.read_back) == (22.5, 20.0)


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("outdoor", 1.0, "outdoor is not writable"),
        ("power_lamp", True, "power_lamp is not writable"),
        ("last_error_type", "electrical_cassette", "last_error_type is not writable"),
        ("indoor_temp_setting", True, "takes a number, not True"),
        ("indoor_temp_setting", "22", "takes a number, not '22'"),
    ],
)
async def test_nothing_but_settings_is_written(
    sim: RegoSimulator, client: RegoClient, key: str, value: Any, problem: str
) -> None:
    with pytest.raises(PumpError, match=problem):
        await client.write(client.channels[key], value)
    assert sim.requests == []


async def test_a_setting_outside_the_system_registers_is_not_written(sim: RegoSimulator) -> None:
    panel_setting = Channel("wheel", Kind.SETTING, RegoRegister(0x00, 0x0044), Codec())
    client = RegoClient({"wheel": panel_setting}, _tcp(sim))
    with pytest.raises(PumpError, match="wheel is not a system register"):
        await client.write(panel_setting, 1)
    assert sim.requests == []


async def test_a_channel_of_another_client_is_not_written(
    sim: RegoSimulator, client: RegoClient
) -> None:
    stranger = _setting("indoor_temp_setting", 0x0021, 10, 30)
    with pytest.raises(PumpError, match="is not writable"):
        await client.write(stranger, 22.0)
    assert sim.requests == []


# -- faults: the client recovers, nothing corrupt is published ------------------------------


async def test_silence_is_asked_again(sim: RegoSimulator, fast: RegoClient) -> None:
    sim.faults.for_next(1, silent=True)
    result = await fast.read([fast.channels["outdoor"]])
    assert result.values == {"outdoor": -5.0}
    statistics = fast.diagnostics()["statistics"]
    assert (statistics["timeouts"], statistics["retries"], statistics["connects"]) == (1, 1, 2)


async def test_the_default_reply_deadline(sim: RegoSimulator, client: RegoClient) -> None:
    sim.faults.for_next(1, silent=True)
    loop = asyncio.get_running_loop()
    start = loop.time()
    result = await client.read([client.channels["outdoor"]])
    assert result.values == {"outdoor": -5.0}
    assert 2.0 <= loop.time() - start < 2.8


@pytest.mark.parametrize(
    ("fault", "setting"),
    [
        ("bad_checksum", True),
        ("bad_header", True),
        ("garbage", b"\x55\xaa\x01"),
        ("drop_mid_reply", True),
    ],
)
async def test_a_corrupt_reply_is_asked_again_never_published(
    sim: RegoSimulator, fast: RegoClient, fault: str, setting: object
) -> None:
    sim.faults.for_next(1, **{fault: setting})
    result = await fast.read([fast.channels["outdoor"], fast.channels["indoor"]])
    assert result.values == {"outdoor": -5.0, "indoor": 21.5}
    assert result.failed == set()
    assert _commands(sim) == [(0x02, 0x020A, 0), (0x02, 0x020A, 0), (0x02, 0x020D, 0)]
    diagnostics = fast.diagnostics()
    assert diagnostics["corrupt_replies"] == 1
    assert diagnostics["statistics"]["retries"] == 1
    assert diagnostics["statistics"]["connects"] == 2  # the out-of-step link was dropped


async def test_a_short_reply_is_waited_out_and_asked_again(
    sim: RegoSimulator, fast: RegoClient
) -> None:
    sim.faults.for_next(1, short_reply=3)
    result = await fast.read([fast.channels["outdoor"]])
    assert result.values == {"outdoor": -5.0}
    assert fast.diagnostics()["statistics"]["timeouts"] == 1


async def test_a_connection_dropped_under_a_request(sim: RegoSimulator, fast: RegoClient) -> None:
    sim.faults.for_next(1, drop_after_request=True)
    result = await fast.read([fast.channels["outdoor"]])
    assert result.values == {"outdoor": -5.0}
    statistics = fast.diagnostics()["statistics"]
    assert (statistics["links_lost"], statistics["retries"], statistics["connects"]) == (1, 1, 2)


async def test_a_connection_dropped_between_polls(sim: RegoSimulator, fast: RegoClient) -> None:
    assert (await fast.read([fast.channels["outdoor"]])).values == {"outdoor": -5.0}
    assert sim.drop_connections() == 1
    await asyncio.sleep(0.05)
    assert (await fast.read([fast.channels["indoor"]])).values == {"indoor": 21.5}
    assert sim.connections_made == 2


async def test_a_write_survives_a_corrupt_acknowledgement(
    sim: RegoSimulator, fast: RegoClient
) -> None:
    sim.faults.for_next(1, bad_header=True)  # the ack arrives as 0x00
    assert await fast.write(fast.channels["indoor_temp_setting"], 19.5) == 19.5
    assert _commands(sim) == [(0x03, 0x0021, 195), (0x03, 0x0021, 195), (0x02, 0x0021, 0)]


async def test_a_place_that_stays_corrupt_fails_alone(sim: RegoSimulator, fast: RegoClient) -> None:
    sim.faults.for_next(4, bad_checksum=True)  # every attempt at the first place
    keys = ("outdoor", "indoor", "power_lamp")
    result = await fast.read([fast.channels[key] for key in keys])
    assert result.values == {"indoor": 21.5, "power_lamp": True}
    assert result.failed == {"outdoor"}
    assert len(sim.requests) == 6


async def test_two_places_in_a_row_corrupt_end_the_poll(
    sim: RegoSimulator, fast: RegoClient
) -> None:
    sim.faults.bad_checksum = True
    keys = ("outdoor", "indoor", "power_lamp")
    with pytest.raises(PumpCorruptReplyError):
        await fast.read([fast.channels[key] for key in keys])
    assert len(sim.requests) == 8  # two places, four attempts each; the third never asked


async def test_silence_ends_the_poll_keeping_what_was_read(
    sim: RegoSimulator, fast: RegoClient
) -> None:
    keys = ("outdoor", "indoor", "power_lamp")

    class MuteFromTheSecondRequest(list[RequestRecord]):
        def append(self, record: RequestRecord) -> None:
            super().append(record)
            if len(self) == 2:  # the simulator logs a request before it answers
                sim.faults.silent = True

    sim.requests = MuteFromTheSecondRequest()
    result = await fast.read([fast.channels[key] for key in keys])
    assert result.values == {"outdoor": -5.0}
    assert result.failed == {"indoor", "power_lamp"}
    assert [r.address for r in sim.requests] == [0x020A, 0x020D, 0x020D, 0x020D, 0x020D]


async def test_a_mute_device_raises(sim: RegoSimulator, fast: RegoClient) -> None:
    sim.faults.silent = True
    with pytest.raises(PumpTimeoutError):
        await fast.read(fast.channels.values())
    assert len(sim.requests) == 4  # one place, asked four times; the rest not tried


async def test_a_late_reply_on_a_serial_line_is_thrown_away(sim: RegoSimulator) -> None:
    path = await sim.start_pty()
    pacing = Pacing(request_gap=0.0, timeout=1.0, retries=1)
    async for client in _client(_pty(path), pacing):
        # Answers after the client gave up, while it settles the reopened port.
        sim.faults.for_next(1, delay=1.1)
        result = await client.read([client.channels["outdoor"], client.channels["indoor"]])
        assert result.values == {"outdoor": -5.0, "indoor": 21.5}
        diagnostics = client.diagnostics()
        assert diagnostics["statistics"]["timeouts"] == 1
        assert diagnostics["stale_bytes_discarded"] == 5  # the late reply, never decoded


async def test_diagnostics(sim: RegoSimulator, client: RegoClient) -> None:
    await client.read([client.channels["outdoor"]])
    diagnostics = client.diagnostics()
    statistics = diagnostics["statistics"]
    assert isinstance(statistics, dict)
    # One answer: its round trip is both the mean and the longest.
    assert statistics.pop("round_trip_mean_ms") == statistics.pop("round_trip_max_ms")
    outdoor = sim.register("outdoor")
    assert diagnostics == {
        "layout": "600-635/637",
        "connected": True,
        "request_gap_s": 0.08,
        "timeout_s": 2.0,
        "retries": 3,
        "reconnect_delay_s": 0.0,
        "statistics": {
            "requests": 1,
            "retries": 0,
            "timeouts": 0,
            "rejections": 0,
            "failures": 0,
            "connects": 1,
            "connect_failures": 0,
            "reconnects": 0,
            "links_lost": 0,
            "last_error": None,
        },
        "corrupt_replies": 0,
        "stale_bytes_discarded": 0,
        "failed_registers": {},
        "last_raw": {f"0x02/{outdoor.address:#06x}": sim.raw("outdoor")},
    }


# -- stray bytes, with a scripted device ----------------------------------------------------

VERSION_REPLY = bytes.fromhex("01 00 04 58 5C")


async def _scripted(
    on_connect: bytes = b"",
    after_reply: bytes = b"",
    after: float = 0.0,
    *,
    hang_up_first: bool = False,
) -> tuple[asyncio.Server, list[bytes]]:
    """A device that answers every request with the version, and says more when told;
    the first connection hangs up after its first reply if told to."""
    received: list[bytes] = []
    connections: list[int] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(len(connections))
        writer.write(on_connect)
        while request := await reader.read(9):
            received.append(request)
            writer.write(VERSION_REPLY)
            await asyncio.sleep(after)
            writer.write(after_reply)
            if hang_up_first and len(connections) == 1:
                break
        writer.close()

    return await asyncio.start_server(serve, "127.0.0.1", 0), received


async def test_leftovers_at_connect_are_thrown_away() -> None:
    server, received = await _scripted(on_connect=b"\x01\x00\x04")
    port = server.sockets[0].getsockname()[1]
    async for client in _client(Link.network("127.0.0.1", port)):
        assert (await client.identify()).model == "Rego 6xx (layout 600-635/637)"
        assert client.diagnostics()["stale_bytes_discarded"] == 3
    assert received == [bytes.fromhex("81 7F 00 00 00 00 00 00 00")]
    server.close()
    await server.wait_closed()


async def test_stray_bytes_between_requests_are_thrown_away() -> None:
    server, received = await _scripted(after_reply=b"\x01\x7f", after=0.02)
    port = server.sockets[0].getsockname()[1]
    async for client in _client(Link.network("127.0.0.1", port)):
        await client.identify()
        await client.identify()  # would read 01 7F 01 00 04 without the drain
        assert client.diagnostics()["stale_bytes_discarded"] == 2
        assert client.diagnostics()["corrupt_replies"] == 0
    assert len(received) == 2
    server.close()
    await server.wait_closed()


async def test_noise_then_a_hang_up_between_requests() -> None:
    server, received = await _scripted(after_reply=b"\x00", hang_up_first=True)
    port = server.sockets[0].getsockname()[1]
    async for client in _client(Link.network("127.0.0.1", port)):
        await client.identify()
        await asyncio.sleep(0.05)
        # The link is found closed before the next request: dialled again, answered,
        # and the noise left on the old link is never read.
        await client.identify()
        diagnostics = client.diagnostics()
        assert diagnostics["stale_bytes_discarded"] == 0
        assert diagnostics["statistics"]["links_lost"] == 1
        assert diagnostics["statistics"]["connects"] == 2
    assert len(received) == 2
    server.close()
    await server.wait_closed()


async def test_a_device_that_hangs_up_at_once() -> None:
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async for client in _client(Link.network("127.0.0.1", port), FAST):
        with pytest.raises(PumpConnectionError, match="cannot connect"):
            await client.identify()
        assert client.diagnostics()["statistics"]["connect_failures"] == 1
    server.close()
    await server.wait_closed()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_nothing_listening() -> None:
    async for client in _client(Link.network("127.0.0.1", _free_port())):
        with pytest.raises(PumpConnectionError, match="cannot connect"):
            await client.read(client.channels.values())


# -- the ESPHome serial proxy -------------------------------------------------------------


async def test_an_esphome_node_that_does_not_answer() -> None:
    """Nothing listens at the node's API port: the link fails as a connection error."""
    link = Link.esphome("127.0.0.1", "rego", LineSettings())
    async for client in _client(link):
        with pytest.raises(PumpConnectionError, match="cannot connect"):
            await client.connect()


async def test_an_opener_of_ones_own(sim: RegoSimulator) -> None:
    host, port = sim.tcp_address or ("", 0)
    opened: list[str] = []

    async def opener() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        opened.append("yes")
        return await asyncio.open_connection(host, port)

    link = Link.esphome("heatpump.local", "rego", LineSettings())
    async for client in _client(link, opener=opener):
        assert (await client.read([client.channels["outdoor"]])).values == {"outdoor": -5.0}
    assert opened == ["yes"]
