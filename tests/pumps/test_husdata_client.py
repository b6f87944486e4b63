"""The Husdata H1 client against an interface served over real sockets and a pty.

The interface below is written from the reference (part B.2-B.4): commands end with
CR, it answers `XV` with its controller and firmware and `XR` with one 10-character
line per register, and it pushes lines by itself. The channels are written here from
the reference's id table (B.6), not taken from the integration's table.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import contextlib
import logging
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
from tests.simulators.rego_lines import PtyLine

pytestmark = pytest.mark.usefixtures("socket_enabled")

NO_SENSOR = frozenset({-0x8000})
CHANNELS: dict[str, Channel[int]] = {
    channel.key: channel
    for channel in (
        Channel(
            "radiator_return", Kind.MEASUREMENT, 0x0001, Codec(10, missing=NO_SENSOR), unit="°C"
        ),
        Channel("outdoor", Kind.MEASUREMENT, 0x0007, Codec(10, missing=NO_SENSOR), unit="°C"),
        Channel("indoor", Kind.MEASUREMENT, 0x0008, Codec(10, missing=NO_SENSOR), unit="°C"),
        Channel("indoor_temp_setting", Kind.SETTING, 0x0203, Codec(10), unit="°C"),
        Channel("compressor_state", Kind.FLAG, 0x1A01),
        Channel("add_heat_power_percent", Kind.MEASUREMENT, 0x3104, Codec(10), unit="%"),
        Channel("compressor_hours", Kind.COUNTER, 0x6009, Codec(signed=False), unit="h"),
    )
}
DUMP = [
    "XR000101F4",  # 50.0
    "XR0007FFCE",  # -5.0
    "XR00088000",  # no sensor
    "XR020300D2",  # 21.0
    "XR1A010001",
    "XR310403E8",  # 100.0
    "XR6009A000",  # 40960 h: unsigned
    "XR6F561046",  # an id not in the table
]
DUMP_VALUES: dict[str, Value] = {
    "radiator_return": 50.0,
    "outdoor": -5.0,
    "indoor": None,
    "indoor_temp_setting": 21.0,
    "compressor_state": True,
    "add_heat_power_percent": 100.0,
    "compressor_hours": 40960,
}
FAST = Timing(refresh=60, silence=0.4, answer=0.25, backoff_first=0.05, backoff_max=0.2)


class Interface:
    """A Husdata H1 as a TCP serial bridge (or a pty) presents it."""

    def __init__(self, *, version: str | None = "XV001.25", eol: str = "\r\n") -> None:
        """Answer `XV` with `version` (None: never) and end lines with `eol`."""
        self.version = version
        self.eol = eol
        self.dump = list(DUMP)
        self.mute = False
        """Answer nothing (the link stays open)."""
        self.garbage: str | None = None
        """Answer every command with this instead."""
        self.commands: list[str] = []
        self.connections = 0
        self.port = 0
        self._writers: list[asyncio.StreamWriter] = []
        self._pty: PtyLine | None = None
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def link(self) -> Link:
        """The TCP link to the interface."""
        return Link.network("127.0.0.1", self.port)

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def start_pty(self) -> str:
        """Serve on a pseudo-terminal; its path is the serial port."""
        queue: asyncio.Queue[bytes] = asyncio.Queue()
        self._pty = PtyLine(queue)
        task = asyncio.get_running_loop().create_task(self._serve_pty(queue))
        self._tasks.add(task)
        return self._pty.path

    async def _serve_pty(self, queue: asyncio.Queue[bytes]) -> None:
        pending = b""
        while True:
            pending += await queue.get()
            *commands, pending = pending.split(b"\r")
            for command in commands:
                assert self._pty is not None
                self._pty.send(self._answer(command.decode()))

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.append(writer)
        pending = b""
        with contextlib.suppress(ConnectionError):
            while data := await reader.read(256):
                pending += data
                *commands, pending = pending.split(b"\r")
                for command in commands:
                    writer.write(self._answer(command.decode()))
        writer.close()

    def _answer(self, command: str) -> bytes:
        self.commands.append(command)
        if self.mute:
            return b""
        if self.garbage is not None:
            return self.garbage.encode("latin-1")
        lines: list[str] = []
        if command == "XV" and self.version is not None:
            lines = [self.version]
        elif command == "XR":
            lines = self.dump
        return "".join(line + self.eol for line in lines).encode("latin-1")

    def send(self, data: str) -> None:
        """Send by itself, in one write, to every open connection."""
        raw = data.encode("latin-1")
        if self._pty is not None:
            self._pty.send(raw)
        for writer in self._writers:
            if not writer.is_closing():
                writer.write(raw)

    def push(self, *lines: str) -> None:
        """Send lines by themselves, each with the interface's terminator."""
        self.send("".join(line + self.eol for line in lines))

    def hang_up(self) -> None:
        """Close every open connection (the bridge lost the interface)."""
        for writer in self._writers:
            writer.close()
        self._writers.clear()

    async def stop(self) -> None:
        """Close everything."""
        self.hang_up()
        for task in self._tasks:
            task.cancel()
        if self._pty is not None:
            self._pty.close()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


class Listener:
    """Records what a subscription delivers."""

    def __init__(self) -> None:
        """Nothing received yet."""
        self.values: list[dict[str, Value]] = []
        self.links: list[PumpError | None] = []

    def on_values(self, values: dict[str, Value]) -> None:
        """One call per chunk."""
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
async def interface() -> AsyncIterator[Interface]:
    """An H1 behind a TCP bridge on a free port."""
    device = Interface()
    await device.start()
    yield device
    await device.stop()


def _client(interface: Interface, timing: Timing = FAST) -> HusdataClient:
    return HusdataClient(CHANNELS, interface.link, timing)


def _no_reader_left() -> bool:
    return not [t for t in asyncio.all_tasks() if t.get_name().startswith("husdata reader")]


async def test_connect_asks_version_then_values_and_one_dump_is_one_callback(
    interface: Interface,
) -> None:
    client = _client(interface)
    listener = Listener()
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: bool(listener.values))
    assert interface.commands == ["XV", "XR"]
    # The interface wrote its dump in one go: one call with every value of it.
    assert listener.values == [DUMP_VALUES]
    assert listener.links == []
    assert client.controller == "Rego 600"
    assert client.last_raw[0x0007] == 0xFFCE
    assert client.last_raw[0x6F56] == 0x1046
    result = await client.read(
        [CHANNELS["outdoor"], CHANNELS["indoor"], CHANNELS["compressor_hours"]]
    )
    assert result.values == {"outdoor": -5.0, "indoor": None, "compressor_hours": 40960}
    assert result.failed == set()
    diagnostics = client.diagnostics()
    assert diagnostics["unknown_ids"] == ["6F56"]
    assert diagnostics["lines"] == 9
    assert diagnostics["readings"] == 8
    assert diagnostics["garbage_lines"] == 0
    assert diagnostics["connects"] == 1
    assert diagnostics["controller"] == "Rego 600"
    assert diagnostics["firmware"] == "1.25"
    assert diagnostics["last_raw"]["0203"] == 0x00D2
    await client.close()
    assert _no_reader_left()


async def test_pushed_lines_arrive_as_they_come_and_read_never_waits(
    interface: Interface,
) -> None:
    interface.dump = []
    client = _client(interface)
    listener = Listener()
    await client.connect()
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: interface.commands == ["XV", "XR"])
    # Nothing sent yet: read answers at once with nothing.
    started = time.monotonic()
    assert (await client.read(CHANNELS.values())).values == {}
    assert time.monotonic() - started < 0.1
    interface.push("XE Unknown command", "XR0007FFF6")
    await until(lambda: bool(listener.values))
    interface.push("XR1A010000", "XR00070005")
    await until(lambda: len(listener.values) == 2)
    assert listener.values == [{"outdoor": -1.0}, {"compressor_state": False, "outdoor": 0.5}]
    assert (await client.read([CHANNELS["outdoor"]])).values == {"outdoor": 0.5}
    await client.close()


@pytest.mark.parametrize("eol", ["\r", "\n", "\r\n"])
async def test_any_line_end_splits_lines(eol: str) -> None:
    device = Interface(eol=eol)
    await device.start()
    client = _client(device)
    listener = Listener()
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: bool(listener.values))
    assert listener.values == [DUMP_VALUES]
    assert client.diagnostics()["garbage_lines"] == 0
    await client.close()
    await device.stop()


async def test_lines_split_across_chunks_are_joined(interface: Interface) -> None:
    interface.dump = []
    client = _client(interface)
    listener = Listener()
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: interface.commands == ["XV", "XR"])
    interface.send("XR0007")
    await asyncio.sleep(0.05)
    interface.send("FFCE\r")
    await until(lambda: bool(listener.values))
    interface.send("\nXR000101F4\r")
    await until(lambda: len(listener.values) == 2)
    assert listener.values == [{"outdoor": -5.0}, {"radiator_return": 50.0}]
    assert client.diagnostics()["lines"] == 3  # the version line and two readings
    await client.close()


async def test_garbage_and_cut_lines_are_never_published(interface: Interface) -> None:
    interface.dump = []
    client = _client(interface)
    listener = Listener()
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: interface.commands == ["XV", "XR"])
    interface.send("XR000\r\n")  # cut
    interface.send("XR0007XR00010123\r\n")  # a cut line run into the next
    interface.send("XR0007FFC\xff\r\n")  # a stray byte
    interface.send("OK\r\n\r\n   \r\n")  # unknown, then blank lines
    await asyncio.sleep(0.05)
    # A line running on without an end is dropped whole, its end included.
    interface.send("XR00070123" * 10)
    await asyncio.sleep(0.05)
    interface.send("XR00070123" * 10)
    await asyncio.sleep(0.05)
    interface.send("XR00070123" * 3 + "\r\n")
    interface.push("XR000101F4")
    await until(lambda: bool(listener.values))
    assert listener.values == [{"radiator_return": 50.0}]
    diagnostics = client.diagnostics()
    assert diagnostics["garbage_lines"] == 5  # the long line once
    assert diagnostics["readings"] == 1
    await client.close()


async def test_silence_pokes_then_drops_the_link_and_the_next_line_brings_it_back(
    interface: Interface, caplog: pytest.LogCaptureFixture
) -> None:
    client = _client(interface)
    listener = Listener()
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: bool(listener.values))
    interface.mute = True
    # Silence (0.4 s) -> one XR; no answer (0.25 s) -> down, then reopened.
    await until(lambda: bool(listener.links))
    assert interface.commands == ["XV", "XR", "XR"]
    (error,) = listener.links
    assert isinstance(error, PumpTimeoutError)
    assert str(error) == f"{interface.link}: the interface was silent for 0.65 s"
    with pytest.raises(PumpTimeoutError, match="silent"):
        await client.read(CHANNELS.values())
    await until(lambda: interface.connections == 2)
    await until(lambda: interface.commands[3:] == ["XV", "XR"])
    interface.mute = False
    interface.push("XR00070005")
    await until(lambda: len(listener.links) == 2)
    assert listener.links[1] is None
    assert listener.values[-1] == {"outdoor": 0.5}
    assert (await client.read([CHANNELS["outdoor"]])).values == {"outdoor": 0.5}
    diagnostics = client.diagnostics()
    assert diagnostics["silences"] == 1
    assert diagnostics["reconnects"] == 1
    assert diagnostics["last_error"] == str(error)
    await client.close()
    assert _no_reader_left()


async def test_a_dropped_connection_reconnects_with_xv_and_xr_sent_again(
    interface: Interface,
) -> None:
    client = _client(interface)
    listener = Listener()
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: bool(listener.values))
    interface.send("XR0007")  # half a line, then the bridge hangs up
    await asyncio.sleep(0.05)
    interface.hang_up()
    await until(lambda: bool(listener.links))
    assert isinstance(listener.links[0], PumpConnectionError)
    with pytest.raises(PumpConnectionError, match="closed"):
        await client.read(CHANNELS.values())
    await until(lambda: len(listener.links) == 2)
    assert listener.links[1] is None
    assert interface.connections == 2
    assert interface.commands == ["XV", "XR", "XV", "XR"]
    # The half line never joined the new link's first line.
    assert listener.values == [DUMP_VALUES, DUMP_VALUES]
    assert client.diagnostics()["garbage_lines"] == 0
    await client.close()


async def test_a_bridge_that_stays_away_is_tried_again_with_a_growing_delay() -> None:
    device = Interface()
    await device.start()
    client = _client(device)
    listener = Listener()
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: bool(listener.values))
    port = device.port
    await device.stop()
    await until(lambda: bool(listener.links))
    # Refused, refused, …: reported once; the delay grows to its ceiling (0.2 s).
    await asyncio.sleep(0.6)
    assert len(listener.links) == 1
    assert client.diagnostics()["last_error"].startswith(f"127.0.0.1:{port}: ")
    back = Interface()
    back._server = await asyncio.start_server(back._serve, "127.0.0.1", port)
    back.port = port
    await until(lambda: len(listener.links) == 2, within=2)
    assert listener.links[1] is None
    await client.close()
    await back.stop()


async def test_xr_is_sent_again_every_refresh_interval(interface: Interface) -> None:
    client = _client(interface, Timing(refresh=0.3, silence=10, answer=1))
    listener = Listener()
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: bool(listener.values))
    started = time.monotonic()
    await until(lambda: interface.commands.count("XR") == 3)
    # Two intervals after the dump, not sooner.
    assert time.monotonic() - started >= 0.5
    assert interface.commands == ["XV", "XR", "XR", "XR"]
    assert listener.links == []
    await client.close()


async def test_identify_names_the_controller_from_xv(interface: Interface) -> None:
    interface.version = "XV70 3.1"
    client = _client(interface)
    assert await client.identify() == DeviceIdentity("Husdata", "Thermia Villa", "3.1")
    await client.close()
    assert _no_reader_left()


async def test_identify_an_interface_that_ignores_xv_is_an_h1() -> None:
    device = Interface(version=None)
    await device.start()
    client = _client(device)
    assert await client.identify() == DeviceIdentity("Husdata", "H1", None)
    assert client.controller is None
    await client.close()
    await device.stop()


async def test_identify_an_unknown_controller_code_keeps_the_code(interface: Interface) -> None:
    interface.version = "XV99"
    client = _client(interface)
    assert await client.identify() == DeviceIdentity("Husdata", "controller 99", None)
    await client.close()


async def test_identify_a_silent_interface_says_so(interface: Interface) -> None:
    interface.mute = True
    client = _client(interface)
    with pytest.raises(PumpTimeoutError, match=r"the interface stayed silent for 0\.25 s"):
        await client.identify()
    await client.close()
    assert _no_reader_left()


async def test_identify_only_garbage_is_a_corrupt_reply(interface: Interface) -> None:
    interface.garbage = "\x05\x80\x80\r\n"
    client = _client(interface)
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


async def test_nothing_is_ever_written(interface: Interface) -> None:
    client = _client(interface)
    await client.connect()
    with pytest.raises(PumpRejectedError, match="read only"):
        await client.write(CHANNELS["indoor_temp_setting"], 22.0)
    await asyncio.sleep(0.05)
    assert not [command for command in interface.commands if command.startswith("XW")]
    await client.close()


async def test_unsubscribe_stops_the_reader_and_close_lets_the_port_go(
    interface: Interface,
) -> None:
    client = _client(interface)
    listener = Listener()
    unsubscribe = client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: bool(listener.values))
    unsubscribe()
    unsubscribe()  # twice is harmless
    await client.close()
    assert _no_reader_left()
    await until(interface._writers[0].is_closing)
    diagnostics = client.diagnostics()
    assert diagnostics["connected"] is False


async def test_a_failing_subscriber_does_not_stop_the_reader(
    interface: Interface, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(values: object) -> None:
        raise RuntimeError("boom")

    client = _client(interface)
    listener = Listener()
    client.subscribe(broken, listener.on_link)
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: bool(listener.values))
    interface.push("XR00070005")
    await until(lambda: len(listener.values) == 2)
    assert "a subscriber failed on pushed values" in caplog.text
    await client.close()


async def test_climate_roles_need_every_channel(interface: Interface) -> None:
    roles = ClimateRoles(target="indoor_temp_setting", current="indoor", running="compressor_state")
    assert HusdataClient(CHANNELS, interface.link, climate=roles).climate_roles == roles
    missing = ClimateRoles(target="room_setpoint", current="indoor")
    assert HusdataClient(CHANNELS, interface.link, climate=missing).climate_roles is None
    client = HusdataClient(CHANNELS, interface.link)
    assert client.water_heater_roles is None
    assert client.error_log_roles is None
    assert client.channels == CHANNELS


async def test_over_a_serial_port_at_19200_8n1(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    device = Interface(eol="\r")
    path = await device.start_pty()
    client = HusdataClient(CHANNELS, Link.serial(path, LineSettings()), FAST)
    listener = Listener()
    assert await client.identify() == DeviceIdentity("Husdata", "Rego 600", "1.25")
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: bool(listener.values) or client.diagnostics()["readings"] == 8)
    assert (await client.read(CHANNELS.values())).values == DUMP_VALUES
    assert "unsupported id 6F56" in caplog.text
    await client.close()
    await device.stop()


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
    ("failure", "message"), [("write", "write failed"), ("drain", "sending XV took over 0.25 s")]
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
    ("error", "raised", "message"),
    [
        (OSError("no route to host"), PumpConnectionError, "192.0.2.1:9265: no route to host"),
        (TimeoutError(), PumpConnectionError, "could not open within 0.25 s"),
    ],
)
async def test_an_opener_that_fails_is_a_connection_error(
    error: Exception, raised: type[PumpError], message: str
) -> None:
    async def opener() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        raise error

    client = HusdataClient(CHANNELS, Link.network("192.0.2.1", 9265), FAST, opener=opener)
    with pytest.raises(raised, match=message):
        await client.identify()


async def test_an_esphome_refusal_is_an_auth_error() -> None:
    from aioesphomeapi.core import InvalidEncryptionKeyAPIError  # noqa: PLC0415

    async def opener() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        raise OSError("refused") from InvalidEncryptionKeyAPIError("bad key")

    client = HusdataClient(CHANNELS, Link.network("192.0.2.1", 6053), FAST, opener=opener)
    with pytest.raises(PumpAuthError, match="refused"):
        await client.connect()


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError("device reports readiness to read but returned no data"), "no data"),
        (RuntimeError("odd"), "odd"),
    ],
)
async def test_a_read_error_takes_the_link_down_and_the_reader_goes_on(
    interface: Interface, error: Exception, expected: str, caplog: pytest.LogCaptureFixture
) -> None:
    readers: list[asyncio.StreamReader] = []

    async def opener() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        reader, writer = await asyncio.open_connection("127.0.0.1", interface.port)
        readers.append(reader)
        return reader, writer

    client = HusdataClient(CHANNELS, interface.link, FAST, opener=opener)
    listener = Listener()
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: bool(listener.values))
    readers[0].set_exception(error)
    await until(lambda: len(listener.links) == 2)
    down, up = listener.links
    assert isinstance(down, PumpConnectionError)
    assert str(down) == f"{interface.link}: {error}"
    assert up is None
    assert len(readers) == 2
    await client.close()


async def test_a_word_a_channel_cannot_decode_is_logged_and_skipped(
    interface: Interface, caplog: pytest.LogCaptureFixture
) -> None:
    pair = Channel("pair", Kind.MEASUREMENT, 0x0001, Codec(words=2))
    client = HusdataClient({"pair": pair, "outdoor": CHANNELS["outdoor"]}, interface.link, FAST)
    listener = Listener()
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: bool(listener.values))
    assert listener.values == [{"outdoor": -5.0}]
    assert "pair cannot take 01F4: expected 2 words, got 1" in caplog.text
    await client.close()


async def test_a_subscriber_failing_on_a_link_change_is_logged(
    interface: Interface, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(error: PumpError | None) -> None:
        raise RuntimeError("boom")

    client = _client(interface)
    listener = Listener()
    client.subscribe(listener.on_values, broken)
    client.subscribe(listener.on_values, listener.on_link)
    await until(lambda: bool(listener.values))
    interface.hang_up()
    await until(lambda: bool(listener.links))
    assert "a subscriber failed on a link change" in caplog.text
    await client.close()
