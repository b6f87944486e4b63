"""The Husdata H1 client against the simulated interface, over TCP (a bridge) and a pty.

The channels below are written here from the reference's id table (part B.6), not taken
from the integration's table: the client is checked on its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import json
import logging
from pathlib import Path
import socket
import time

import pytest

from custom_components.nordic_heatpump.pumps.husdata.client import HusdataClient, Timing
from custom_components.nordic_heatpump.pumps.link import LineSettings, Link
from custom_components.nordic_heatpump.pumps.model import (
    Channel,
    ClimateRoles,
    Codec,
    DeviceIdentity,
    Kind,
    PumpAuthError,
    PumpConnectionError,
    PumpCorruptReplyError,
    PumpError,
    PumpRejectedError,
    PumpTimeoutError,
    Value,
)
from tests.simulators import husdata_wire as wire
from tests.simulators.husdata import FIXTURE, HusdataSimulator

pytestmark = pytest.mark.usefixtures("socket_enabled")

NO_SENSOR = frozenset({-0x8000})
TENTHS = Codec(scale=10, missing=NO_SENSOR)
CHANNELS: dict[str, Channel[int]] = {
    channel.key: channel
    for channel in (
        Channel("radiator_return", Kind.MEASUREMENT, 0x0001, TENTHS, unit="°C"),
        Channel("outdoor", Kind.MEASUREMENT, 0x0007, TENTHS, unit="°C"),
        Channel("pool", Kind.MEASUREMENT, 0x0011, TENTHS, unit="°C"),
        Channel("indoor", Kind.MEASUREMENT, 0x0008, TENTHS, unit="°C"),
        Channel("indoor_temp_setting", Kind.SETTING, 0x0203, Codec(scale=10), unit="°C"),
        Channel("compressor_state", Kind.FLAG, 0x1A01),
        Channel("add_heat_power_percent", Kind.MEASUREMENT, 0x3104, Codec(scale=10), unit="%"),
        Channel("el_meter_2", Kind.COUNTER, 0xAFF2, Codec(signed=False)),
    )
}
DUMP_VALUES: dict[str, Value] = {
    "radiator_return": 30.5,
    "outdoor": -5.2,
    "pool": None,  # 0x8000: no sensor connected
    "indoor": 21.5,
    "indoor_temp_setting": 21.0,
    "compressor_state": True,
    "add_heat_power_percent": 33.3,
    "el_meter_2": 40000,  # above 32767: unsigned
}
FAST = Timing(refresh=60, silence=0.4, answer=0.25, backoff_first=0.05, backoff_max=0.2)


class Listener:
    """Records what a subscription delivers."""

    def __init__(self) -> None:
        """Nothing received yet."""
        self.values: list[dict[str, Value]] = []
        self.links: list[PumpError | None] = []

    def on_values(self, values: dict[str, Value]) -> None:
        """One call per batch."""
        self.values.append(dict(values))

    def on_link(self, error: PumpError | None) -> None:
        """Down (an error) or up (None)."""
        self.links.append(error)


async def until(condition: Callable[[], bool], within: float = 3.0) -> None:
    """Wait until `condition` holds; fail after `within` seconds."""
    step = 0.01
    for _ in range(round(within / step)):
        if condition():
            return
        await asyncio.sleep(step)
    pytest.fail(f"still not so after {within} s")


@pytest.fixture
async def sim() -> AsyncIterator[HusdataSimulator]:
    """The interface on a Rego 600, behind a TCP bridge on a free port."""
    async with HusdataSimulator() as simulator:
        await simulator.start_tcp()
        yield simulator


def _link(sim: HusdataSimulator) -> Link:
    assert sim.tcp_address is not None
    return Link.network(*sim.tcp_address)


def _client(sim: HusdataSimulator, timing: Timing = FAST) -> HusdataClient:
    return HusdataClient(CHANNELS, _link(sim), timing)


async def _subscribed(client: HusdataClient) -> Listener:
    """A listener that has had the first dump."""
    listener = Listener()
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: bool(listener.values))
    return listener


def _commands(sim: HusdataSimulator) -> list[str]:
    return [record.command for record in sim.commands]


def _no_reader_left() -> bool:
    return not [t for t in asyncio.all_tasks() if t.get_name().startswith("husdata reader")]


def _fixture(tmp_path: Path, **fields: object) -> Path:
    """The standard fixture with some fields replaced."""
    path = tmp_path / "husdata-variant.json"
    path.write_text(json.dumps({"extends": str(FIXTURE), **fields}), encoding="utf-8")
    return path


async def test_connect_asks_version_then_values_and_a_dump_is_one_callback(
    sim: HusdataSimulator,
) -> None:
    client = _client(sim)
    listener = await _subscribed(client)
    assert _commands(sim) == ["XV", "XR"]
    # Forty lines, each written on its own: one call with every known value of them.
    await asyncio.sleep(0.2)
    assert listener.values == [DUMP_VALUES]
    assert listener.links == []
    assert client.controller == "Rego 600"
    assert client.last_raw[0x0007] == 0xFFCC
    assert client.last_raw[0x6F56] == 0x1046  # kept, though no channel takes it
    result = await client.read([CHANNELS["outdoor"], CHANNELS["pool"], CHANNELS["el_meter_2"]])
    assert result.values == {"outdoor": -5.2, "pool": None, "el_meter_2": 40000}
    assert result.failed == set()
    diagnostics = client.diagnostics()
    ids = len(sim.ids)
    assert diagnostics["lines"] == ids + 1  # and the version
    assert diagnostics["readings"] == ids
    assert len(diagnostics["unknown_ids"]) == ids - len(CHANNELS)
    assert "6F56" in diagnostics["unknown_ids"]
    assert diagnostics["garbage_lines"] == 0
    assert diagnostics["connects"] == 1
    assert diagnostics["reconnects"] == 0
    assert diagnostics["controller"] == "Rego 600"
    assert diagnostics["firmware"] == "0712"
    assert diagnostics["last_raw"]["0203"] == 0x00D2
    assert diagnostics["connected"] is True
    assert diagnostics["link_down"] is None
    await client.close()
    assert _no_reader_left()


async def test_pushed_changes_arrive_and_read_never_waits(sim: HusdataSimulator) -> None:
    client = _client(sim)
    await client.connect()
    await sim.until_command("XR")
    listener = await _subscribed(client)
    sim.set_value(0x0007, -4.0)
    await until(lambda: len(listener.values) == 2)
    # Two changes in a row make one call.
    sim.set(0x1A01, 0)
    sim.set_value(0x0007, 0.5)
    await until(lambda: len(listener.values) == 3)
    assert listener.values[1:] == [{"outdoor": -4.0}, {"compressor_state": False, "outdoor": 0.5}]
    started = time.monotonic()
    assert (await client.read([CHANNELS["outdoor"]])).values == {"outdoor": 0.5}
    assert time.monotonic() - started < 0.05
    await client.close()


async def test_read_before_anything_came_is_empty(sim: HusdataSimulator) -> None:
    sim.faults.silent = True
    client = _client(sim)
    assert (await client.read(CHANNELS.values())).values == {}
    await client.close()


@pytest.mark.parametrize("end", [wire.CR, b"\n", wire.CRLF])
async def test_any_line_end_splits_lines(sim: HusdataSimulator, end: bytes) -> None:
    sim.line_end = end
    client = _client(sim)
    listener = await _subscribed(client)
    await asyncio.sleep(0.1)
    assert listener.values == [DUMP_VALUES]
    assert client.diagnostics()["garbage_lines"] == 0
    await client.close()


async def test_a_line_paused_halfway_is_joined(sim: HusdataSimulator) -> None:
    client = _client(sim)
    listener = await _subscribed(client)
    sim.faults.for_next(1, cut="pause", cut_pause=0.1)
    sim.set_value(0x0001, 29.0)
    await until(lambda: len(listener.values) == 2)
    assert listener.values[1] == {"radiator_return": 29.0}
    assert client.diagnostics()["garbage_lines"] == 0
    await client.close()


@pytest.mark.parametrize("kind", wire.GARBAGE_KINDS)
async def test_garbage_is_never_published(sim: HusdataSimulator, kind: wire.Garbage) -> None:
    client = _client(sim)
    listener = await _subscribed(client)
    sim.faults.for_next(1, garbage=kind)
    sim.set_value(0x0007, 1.5)
    await until(lambda: len(listener.values) == 2)
    # Junk shaped like a line for outdoor never passed for one.
    assert listener.values[1] == {"outdoor": 1.5}
    assert client.diagnostics()["garbage_lines"] == len(sim.garbage_sent)
    await client.close()


async def test_a_cut_line_run_into_the_next_publishes_neither(sim: HusdataSimulator) -> None:
    client = _client(sim)
    listener = await _subscribed(client)
    sim.faults.for_next(1, cut="merge")
    sim.set_value(0x0007, 1.5)  # half sent, no end
    sim.set_value(0x0001, 29.0)  # runs into it
    sim.set_value(0x0008, 20.5)
    await until(lambda: len(listener.values) == 2)
    assert listener.values[1] == {"indoor": 20.5}
    assert client.diagnostics()["garbage_lines"] == 1
    await client.close()


async def _raw_device(data: list[bytes]) -> tuple[HusdataClient, Listener, socket.socket]:
    """A client on one end of a socket pair; the test writes raw bytes on the other."""
    ours, theirs = socket.socketpair()

    async def opener() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection(sock=ours)

    client = HusdataClient(CHANNELS, Link.network("192.0.2.1", 9265), FAST, opener=opener)
    listener = Listener()
    client.subscribe(listener.on_values, listener.on_link)
    theirs.setblocking(False)
    loop = asyncio.get_running_loop()
    for chunk in data:
        await loop.sock_sendall(theirs, chunk)
        await asyncio.sleep(0.02)
    return client, listener, theirs


async def test_a_line_running_on_without_an_end_is_dropped_whole() -> None:
    long_line = b"XR00070123" * 10
    client, listener, theirs = await _raw_device(
        [long_line, long_line, b"XR00070123" * 3 + b"\r\n", b"XR000101F4\r\n"]
    )
    await until(lambda: bool(listener.values))
    assert listener.values == [{"radiator_return": 50.0}]
    # Counted once, however long it ran; its end was no line of its own.
    assert client.diagnostics()["garbage_lines"] == 1
    assert client.diagnostics()["lines"] == 1
    await client.close()
    theirs.close()


async def test_blank_and_unknown_lines_are_ignored() -> None:
    client, listener, theirs = await _raw_device(
        [b"\r\n\r\n  \r\nOK\r\nXE Unknown command\r\nXR000101F4\r\n"]
    )
    await until(lambda: bool(listener.values))
    assert listener.values == [{"radiator_return": 50.0}]
    diagnostics = client.diagnostics()
    assert diagnostics["lines"] == 3
    assert diagnostics["garbage_lines"] == 1
    await client.close()
    theirs.close()


async def test_silence_pokes_then_drops_the_link_and_the_next_line_brings_it_back(
    sim: HusdataSimulator,
) -> None:
    client = _client(sim)
    listener = await _subscribed(client)
    sim.faults.silent = True
    # Silence (0.4 s) -> one XR; no answer (0.25 s) -> down, then reopened.
    await until(lambda: bool(listener.links))
    assert _commands(sim) == ["XV", "XR", "XR"]
    (error,) = listener.links
    assert isinstance(error, PumpTimeoutError)
    assert str(error) == f"{_link(sim)}: the interface was silent for 0.65 s"
    with pytest.raises(PumpTimeoutError, match="silent"):
        await client.read(CHANNELS.values())
    await until(lambda: _commands(sim)[3:] == ["XV", "XR"])
    assert sim.connections_made == 2
    sim.faults.silent = False
    sim.set_value(0x0007, 0.5)
    await until(lambda: len(listener.links) == 2)
    assert listener.links[1] is None
    await until(lambda: listener.values[-1] == {"outdoor": 0.5})
    assert (await client.read([CHANNELS["outdoor"]])).values == {"outdoor": 0.5}
    diagnostics = client.diagnostics()
    assert diagnostics["silences"] == 1
    assert diagnostics["reconnects"] == 1
    assert diagnostics["last_error"] == str(error)
    await client.close()
    assert _no_reader_left()


async def test_a_dropped_connection_reconnects_with_xv_and_xr_sent_again(
    sim: HusdataSimulator,
) -> None:
    client = _client(sim)
    listener = await _subscribed(client)
    sim.faults.for_next(1, cut="merge")
    sim.set_value(0x0007, 1.5)  # half a line, then the bridge hangs up
    await asyncio.sleep(0.05)
    sim.drop_connections()
    await until(lambda: bool(listener.links))
    assert isinstance(listener.links[0], PumpConnectionError)
    assert str(listener.links[0]) == f"{_link(sim)}: the link was closed"
    with pytest.raises(PumpConnectionError, match="closed"):
        await client.read(CHANNELS.values())
    await until(lambda: len(listener.links) == 2)
    assert listener.links[1] is None
    assert sim.connections_made == 2
    assert _commands(sim) == ["XV", "XR", "XV", "XR"]
    # The half line never joined the new link's first line.
    await until(lambda: len(listener.values) == 2)
    assert listener.values[1] == {**DUMP_VALUES, "outdoor": 1.5}
    assert client.diagnostics()["garbage_lines"] == 0
    await client.close()


async def test_a_bridge_that_stays_away_is_tried_again_with_a_growing_delay(
    sim: HusdataSimulator,
) -> None:
    client = _client(sim)
    listener = await _subscribed(client)
    host, port = _link(sim).host, _link(sim).port
    await sim.stop()
    await until(lambda: bool(listener.links))
    # Refused, refused, …: reported once; the delay grows to its ceiling (0.2 s).
    await asyncio.sleep(0.6)
    assert len(listener.links) == 1
    assert client.diagnostics()["last_error"].startswith(f"{host}:{port}: ")
    async with HusdataSimulator() as back:
        await back.start_tcp(port=port)
        await until(lambda: len(listener.links) == 2, within=2)
        assert listener.links[1] is None
        await client.close()


async def test_xr_is_sent_again_every_refresh_interval(sim: HusdataSimulator) -> None:
    client = _client(sim, Timing(refresh=0.3, silence=10, answer=1))
    listener = await _subscribed(client)
    started = time.monotonic()
    await sim.until_command("XR", 3)
    # Two intervals after the dump, not sooner.
    assert time.monotonic() - started >= 0.5
    assert _commands(sim) == ["XV", "XR", "XR", "XR"]
    assert listener.links == []
    await client.close()


async def test_identify_names_the_controller_from_xv(sim: HusdataSimulator) -> None:
    client = _client(sim)
    assert await client.identify() == DeviceIdentity("Husdata", "Rego 600", "0712")
    await client.close()
    assert _no_reader_left()


async def test_identify_an_echoed_xv_is_no_answer(sim: HusdataSimulator) -> None:
    sim.echo = True
    client = _client(sim)
    assert await client.identify() == DeviceIdentity("Husdata", "Rego 600", "0712")
    await client.close()


@pytest.mark.parametrize(
    ("xv", "identity"),
    [
        (None, DeviceIdentity("Husdata", "H1", None)),
        (
            {"controller": "70", "firmware": "2.05"},
            DeviceIdentity("Husdata", "Thermia Villa", "2.05"),
        ),
        ({"controller": "99", "firmware": ""}, DeviceIdentity("Husdata", "controller 99", None)),
    ],
)
async def test_identify_other_interfaces(
    tmp_path: Path, xv: dict[str, str] | None, identity: DeviceIdentity
) -> None:
    async with HusdataSimulator(fixture=_fixture(tmp_path, xv=xv)) as sim:
        await sim.start_tcp()
        client = _client(sim)
        assert await client.identify() == identity
        await client.close()


async def test_identify_a_silent_interface_says_so(sim: HusdataSimulator) -> None:
    sim.faults.silent = True
    client = _client(sim)
    with pytest.raises(PumpTimeoutError, match=r"the interface stayed silent for 0\.25 s"):
        await client.identify()
    await client.close()
    assert _no_reader_left()


async def test_identify_only_garbage_is_a_corrupt_reply(sim: HusdataSimulator) -> None:
    # Junk before every line, and every line cut and run into the next junk.
    sim.faults.garbage = "binary"
    sim.faults.cut = "merge"
    client = _client(sim)
    with pytest.raises(PumpCorruptReplyError, match="could not make sense"):
        await client.identify()
    await client.close()


async def test_identify_a_link_that_cannot_open_is_a_connection_error() -> None:
    server = await asyncio.start_server(lambda _r, _w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    client = HusdataClient(CHANNELS, Link.network("127.0.0.1", port), FAST)
    with pytest.raises(PumpConnectionError, match=f"127.0.0.1:{port}"):
        await client.identify()
    await client.close()


async def test_nothing_is_ever_written(sim: HusdataSimulator) -> None:
    client = _client(sim)
    await client.connect()
    with pytest.raises(PumpRejectedError, match="read only"):
        await client.write(CHANNELS["indoor_temp_setting"], 22.0)
    await sim.until_command("XR")
    assert sim.writes == []
    await client.close()


async def test_unsubscribe_stops_the_reader_and_close_lets_the_port_go(
    sim: HusdataSimulator,
) -> None:
    client = _client(sim)
    listener = Listener()
    unsubscribe = client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: sim.live_clients == 1)
    unsubscribe()
    unsubscribe()  # twice is harmless
    await client.close()
    assert _no_reader_left()
    await until(lambda: sim.live_clients == 0)
    assert client.diagnostics()["connected"] is False


async def test_a_failing_subscriber_does_not_stop_the_reader(
    sim: HusdataSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(values: object) -> None:
        raise RuntimeError("boom")

    client = _client(sim)
    client.subscribe(broken, lambda _error: None)
    listener = await _subscribed(client)
    sim.set_value(0x0007, 0.5)
    await until(lambda: len(listener.values) == 2)
    assert "a subscriber failed on pushed values" in caplog.text
    await client.close()


async def test_a_subscriber_failing_on_a_link_change_is_logged(
    sim: HusdataSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(error: PumpError | None) -> None:
        raise RuntimeError("boom")

    client = _client(sim)
    client.subscribe(lambda _values: None, broken)
    listener = await _subscribed(client)
    sim.drop_connections()
    await until(lambda: bool(listener.links))
    assert "a subscriber failed on a link change" in caplog.text
    await client.close()


async def test_climate_roles_need_every_channel(sim: HusdataSimulator) -> None:
    roles = ClimateRoles(target="indoor_temp_setting", current="indoor", running="compressor_state")
    assert HusdataClient(CHANNELS, _link(sim), climate=roles).climate_roles == roles
    missing = ClimateRoles(target="room_setpoint", current="indoor")
    assert HusdataClient(CHANNELS, _link(sim), climate=missing).climate_roles is None
    client = HusdataClient(CHANNELS, _link(sim))
    assert client.water_heater_roles is None
    assert client.error_log_roles is None
    assert client.channels == CHANNELS
    assert client.timing == Timing(
        refresh=1200, silence=120, answer=5, backoff_first=2, backoff_max=60
    )


async def test_over_a_serial_port_at_19200_8n1(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with HusdataSimulator() as sim:
        sim.line_end = wire.CR
        path = await sim.start_pty()
        client = HusdataClient(CHANNELS, Link.serial(path, LineSettings()), FAST)
        assert await client.identify() == DeviceIdentity("Husdata", "Rego 600", "0712")
        listener = await _subscribed(client)
        await asyncio.sleep(0.1)
        assert listener.values == [DUMP_VALUES]
        assert (await client.read(CHANNELS.values())).values == DUMP_VALUES
        assert "unsupported id 6F56" in caplog.text
        await client.close()


# -- failures of the stream itself, through an opener --------------------------------


class _Writer:
    """The writing half of a stream whose sending fails or hangs."""

    def __init__(self, failure: str) -> None:
        self.failure = failure
        self.closed = False

    def write(self, data: bytes) -> None:
        if self.failure == "write":
            raise OSError("write failed")

    async def drain(self) -> None:
        if self.failure == "drain":
            await asyncio.sleep(10)

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    async def wait_closed(self) -> None:
        return None


@pytest.mark.parametrize(
    ("failure", "message"), [("write", "write failed"), ("drain", r"sending XV took over 0\.25 s")]
)
async def test_a_command_that_cannot_be_sent_is_a_connection_error(
    failure: str, message: str
) -> None:
    writer = _Writer(failure)

    async def opener() -> tuple[asyncio.StreamReader, _Writer]:
        return asyncio.StreamReader(), writer

    client = HusdataClient(CHANNELS, Link.network("192.0.2.1", 9265), FAST, opener=opener)
    with pytest.raises(PumpConnectionError, match=message):
        await client.connect()
    assert writer.closed
    await client.close()


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (OSError("no route to host"), "192.0.2.1:9265: no route to host"),
        (TimeoutError(), r"could not open within 0\.25 s"),
    ],
)
async def test_an_opener_that_fails_is_a_connection_error(error: Exception, message: str) -> None:
    async def opener() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        raise error

    client = HusdataClient(CHANNELS, Link.network("192.0.2.1", 9265), FAST, opener=opener)
    with pytest.raises(PumpConnectionError, match=message):
        await client.identify()


async def test_an_esphome_refusal_is_an_auth_error() -> None:
    from aioesphomeapi.core import InvalidEncryptionKeyAPIError  # noqa: PLC0415

    async def opener() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        raise OSError("refused") from InvalidEncryptionKeyAPIError("bad key")

    client = HusdataClient(CHANNELS, Link.network("192.0.2.1", 6053), FAST, opener=opener)
    with pytest.raises(PumpAuthError, match="refused"):
        await client.connect()


@pytest.mark.parametrize(
    "error", [OSError("device reports readiness to read but returned no data"), RuntimeError("odd")]
)
async def test_a_read_error_takes_the_link_down_and_the_reader_goes_on(
    sim: HusdataSimulator, error: Exception
) -> None:
    readers: list[asyncio.StreamReader] = []

    async def opener() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        reader, writer = await asyncio.open_connection(*_link(sim).endpoint.rsplit(":", 1))
        readers.append(reader)
        return reader, writer

    client = HusdataClient(CHANNELS, _link(sim), FAST, opener=opener)
    listener = await _subscribed(client)
    readers[0].set_exception(error)
    await until(lambda: len(listener.links) == 2)
    down, up = listener.links
    assert isinstance(down, PumpConnectionError)
    assert str(down) == f"{_link(sim)}: {error}"
    assert up is None
    assert len(readers) == 2
    await client.close()


async def test_a_word_a_channel_cannot_decode_is_logged_and_skipped(
    sim: HusdataSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    pair = Channel("pair", Kind.MEASUREMENT, 0x0001, Codec(words=2))
    client = HusdataClient({"pair": pair, "outdoor": CHANNELS["outdoor"]}, _link(sim), FAST)
    listener = await _subscribed(client)
    await asyncio.sleep(0.1)
    assert listener.values == [{"outdoor": -5.2}]
    assert "pair cannot take 0131: expected 2 words, got 1" in caplog.text
    await client.close()


async def test_a_reopened_link_that_stays_mute_is_given_up_after_one_answer_time(
    sim: HusdataSimulator,
) -> None:
    client = _client(sim)
    listener = await _subscribed(client)
    sim.faults.silent = True
    await until(lambda: bool(listener.links))
    await until(lambda: _commands(sim)[3:] == ["XV", "XR"])
    reopened = time.monotonic()
    # The XR sent on opening is due at once: 0.25 s of nothing, not a silence of 0.4 s.
    await until(lambda: client.diagnostics()["failures"] == 2)
    assert time.monotonic() - reopened < FAST.silence
    assert client.diagnostics()["last_error"] == (
        f"{_link(sim)}: no answer to XV or XR within 0.25 s"
    )
    assert client.diagnostics()["silences"] == 1  # the first link's; the mute one is no silence
    sim.faults.silent = False
    await until(lambda: len(listener.links) == 2)
    assert listener.links[1] is None
    await client.close()
