"""A Husdata H1 client: one open link, read line by line, values pushed as they come.

The H1 sends a dump of every register after `XR` and then, as far as anyone has seen,
each change by itself; nothing is polled. A reader task owns the link: it splits the
stream into lines itself (an interface may end lines with CR only), publishes the values
of each burst of lines in one call, asks again (`XR`) every `Timing.refresh`, pokes a silent
interface once and reopens the link when it stays silent or breaks. The family is read
only: nothing is ever written (`XW`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
import contextlib
from dataclasses import dataclass, field
import logging
import math
import time
from typing import Final

import serialx

from ..link import Link
from ..model import (
    Channel,
    ClimateRoles,
    DeviceIdentity,
    ErrorLogRoles,
    LinkChanged,
    PumpConnectionError,
    PumpCorruptReplyError,
    PumpError,
    PumpRejectedError,
    PumpTimeoutError,
    ReadResult,
    Value,
    ValuesReceived,
    WaterHeaterRoles,
)
from ..stream import Closer, Opener, Port, open_port
from .ids import H1Channel
from .lines import CONTROLLERS, Line, Reading, Version, parse, request

_LOGGER = logging.getLogger(__name__)

MANUFACTURER: Final = "Husdata"
MODEL_WITHOUT_VERSION: Final = "H1"
"""The model shown when the interface sends values but never answers `XV`."""

LONGEST_LINE: Final = 64
"""Characters a line may grow to without a terminator before it is dropped as garbage."""
BATCH_QUIET: Final = 0.05
"""Seconds of quiet that end a batch of values (eight line times at 19200 baud)."""
BATCH_MAX: Final = 1.0
"""Seconds a batch may gather before it is published anyway (a dump of 60 ids takes 0.4 s)."""
VERSION_GRACE: Final = 0.5
"""Seconds identify still waits for the `XV` reply once values have come."""
_CHUNK: Final = 4096


@dataclass(frozen=True, slots=True)
class Timing:
    """How long the client waits for what, in seconds."""

    refresh: float = 1200.0
    """`XR` is sent again this often (Husdata's own firmware does every 20 minutes)."""
    silence: float = 120.0
    """No valid line this long: `XR` is sent once to wake the interface."""
    answer: float = 5.0
    """How long a poke, identify and an open may wait for the interface."""
    backoff_first: float = 2.0
    """Seconds before reopening a lost link; doubled while it keeps failing."""
    backoff_max: float = 60.0


@dataclass(slots=True)
class _Watch:
    """When the open link last said something valid, and what is due next."""

    timing: Timing
    quiet_since: float
    poked_at: float | None = None
    """When `XR` was sent to a silent interface (None: not poked)."""
    next_refresh: float = 0.0
    answered: bool = False
    """Whether the link said anything valid since it was opened."""

    def __post_init__(self) -> None:
        self.next_refresh = self.quiet_since + self.timing.refresh

    def wake(self) -> float:
        """When to look again if nothing comes: a refresh, a poke, or giving up."""
        if self.poked_at is None:
            due = self.quiet_since + self.timing.silence
        else:
            due = self.poked_at + self.timing.answer
        return min(self.next_refresh, due)

    def heard(self, now: float) -> None:
        """A valid line came."""
        self.quiet_since = now
        self.poked_at = None
        self.answered = True


@dataclass(slots=True)
class _Counters:
    requests: int = 0
    """Commands sent (XV, XR); the interface answers them with pushed lines."""
    failures: int = 0
    """Times the link broke or fell silent."""
    connects: int = 0
    reconnects: int = 0
    lines: int = 0
    readings: int = 0
    garbage_lines: int = 0
    """Lines not understood, and lines dropped for running on without a terminator."""
    silences: int = 0
    unknown_ids: set[int] = field(default_factory=set)


class HusdataClient:
    """Reads one heat pump controller through a Husdata H1 interface."""

    def __init__(
        self,
        channels: Mapping[str, H1Channel],
        link: Link,
        timing: Timing | None = None,
        *,
        climate: ClimateRoles | None = None,
        opener: Opener | None = None,
    ) -> None:
        """Prepare the client; the link opens on `connect()` (or `identify()`).

        The link is opened through serialx by its URL with its line settings (19200 8N1
        on a serial port, `socket://host:port` for a TCP bridge); `opener` replaces that
        with a stream the caller opens itself.
        """
        self.link = link
        self.timing = timing or Timing()
        self._channels = dict(channels)
        self._by_id: dict[int, list[H1Channel]] = {}
        for channel in self._channels.values():
            self._by_id.setdefault(channel.where, []).append(channel)
        self._climate = climate
        self._opener = opener
        self._values: dict[str, Value] = {}
        self._last_raw: dict[int, int] = {}
        self.controller: str | None = None
        self.firmware: str | None = None
        self._counters = _Counters()
        self._subscribers: list[tuple[ValuesReceived, LinkChanged]] = []
        self._reader: asyncio.Task[None] | None = None
        self._port: Port | None = None
        self._closer = Closer()
        self._connecting = asyncio.Lock()
        self._down: PumpError | None = None
        """Why the link is down; None while it is up."""
        self._last_error: str | None = None
        self._last_line_at: float | None = None
        self._heard = asyncio.Event()
        """Set by a version reply or a reading on the current link."""
        self._got_version = asyncio.Event()
        self._pending = ""
        self._discarding = False
        """Whether input is thrown away up to the next terminator (a line ran too long)."""
        self._garbage_on_link = 0

    # -- what the client offers ---------------------------------------------------

    @property
    def channels(self) -> Mapping[str, Channel]:
        """Every channel of the configured table."""
        return self._channels

    @property
    def climate_roles(self) -> ClimateRoles | None:
        """The heating climate entity's channels, if the table gives them all."""
        roles = self._climate
        return roles if roles is not None and set(roles.keys) <= self._channels.keys() else None

    @property
    def water_heater_roles(self) -> WaterHeaterRoles | None:
        """No water heater: the H1 exposes no hot water setpoint worth writing."""
        return None

    @property
    def error_log_roles(self) -> ErrorLogRoles | None:
        """The H1 sends no error log."""
        return None

    @property
    def last_raw(self) -> Mapping[int, int]:
        """The last raw word received for each id, known or not."""
        return self._last_raw

    # -- link -------------------------------------------------------------------

    async def connect(self) -> None:
        """Open the link, send `XV` and `XR`, and start the reader (idempotent).

        While the reader runs (even while it waits to reopen a lost link) this does
        nothing; `read` tells whether the link is down.
        """
        async with self._connecting:
            if self._reader is not None and not self._reader.done():
                return
            port = await self._open()
            self._reader = asyncio.get_running_loop().create_task(
                self._run(port), name=f"husdata reader {self.link}"
            )

    async def close(self) -> None:
        """Stop the reader and close the link; nothing is left running."""
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
        self._shut()
        await self._closer.wait()

    def subscribe(self, on_values: ValuesReceived, on_link: LinkChanged) -> Callable[[], None]:
        """Deliver each chunk's values and every link change; start reading if need be."""
        pair = (on_values, on_link)
        self._subscribers.append(pair)
        if self._reader is None or self._reader.done():
            self._reader = asyncio.get_running_loop().create_task(
                self._run(None), name=f"husdata reader {self.link}"
            )

        def unsubscribe() -> None:
            if pair in self._subscribers:
                self._subscribers.remove(pair)
            if not self._subscribers and self._reader is not None:
                self._reader.cancel()  # close() waits for it and lets the port go

        return unsubscribe

    async def _open(self) -> Port:
        """Open the link and ask for the version and a dump of every value."""
        await self._closer.wait()
        port = await open_port(self.link, self._opener, within=self.timing.answer)
        self._port = port
        self._pending, self._discarding = "", False
        self._heard.clear()
        self._got_version.clear()
        self._garbage_on_link = 0
        self._counters.connects += 1
        try:
            # XV is best effort: an interface that never answers it still sends values.
            await self._send(port, "XV")
            await self._send(port, "XR")
        except PumpError:
            self._shut()
            raise
        return port

    async def _send(self, port: Port, command: str) -> None:
        self._counters.requests += 1
        try:
            async with asyncio.timeout(self.timing.answer):
                port.writer.write(request(command))
                await port.writer.drain()
        except TimeoutError as err:
            msg = f"{self.link}: sending {command} took over {self.timing.answer:g} s"
            raise PumpConnectionError(msg) from err
        except (serialx.SerialException, OSError, RuntimeError) as err:
            raise PumpConnectionError(f"{self.link}: {err}") from err

    def _shut(self) -> None:
        """Start closing the open port; the next open waits until it is let go."""
        port, self._port = self._port, None
        if port is not None:
            self._closer.start(port)

    # -- the reader task ----------------------------------------------------------

    async def _run(self, port: Port | None) -> None:
        """Read, and reopen the link whenever it is lost, until cancelled."""
        delay = self.timing.backoff_first
        reopening = False
        try:
            while True:
                try:
                    if port is None:
                        port = await self._open()
                        self._counters.reconnects += reopening
                    await self._serve(port)
                except PumpError as err:
                    self._lost(err)
                except Exception as err:  # noqa: BLE001 - the reader must outlive any surprise
                    _LOGGER.warning("%s: reading stopped by %r; reopening", self.link, err)
                    self._lost(PumpConnectionError(f"{self.link}: {err}"))
                if self._heard.is_set():
                    delay = self.timing.backoff_first  # the lost link worked: start over
                port, reopening = None, True
                self._shut()
                await asyncio.sleep(delay)
                delay = min(self.timing.backoff_max, delay * 2)
        finally:
            self._shut()

    async def _serve(self, port: Port) -> None:
        """Read chunks until the link breaks or stays silent (raises; never returns).

        Values are gathered until the line pauses (`BATCH_QUIET`, at most `BATCH_MAX`),
        so a dump trickling in over a serial line is published in one call.
        """
        loop = asyncio.get_running_loop()
        # Opening sent XR: the dump is due at once, as for a poke. A link that stays mute
        # is given up after `answer`, not after a whole silence.
        watch = _Watch(self.timing, loop.time(), poked_at=loop.time())
        values: dict[str, Value] = {}
        publish_by = math.inf
        try:
            while True:
                wake = watch.wake()
                if values:
                    wake = min(wake, loop.time() + BATCH_QUIET, publish_by)
                try:
                    async with asyncio.timeout_at(wake):
                        data = await port.reader.read(_CHUNK)
                except TimeoutError:
                    self._publish(values)
                    await self._quiet(port, watch, loop.time())
                    continue
                except (serialx.SerialException, OSError) as err:
                    raise PumpConnectionError(f"{self.link}: {err}") from err
                if not data:
                    raise PumpConnectionError(f"{self.link}: the link was closed")
                if not values:
                    publish_by = loop.time() + BATCH_MAX
                if self._take(data, values):
                    watch.heard(loop.time())
        finally:
            # What came before a loss is still what the interface said.
            self._publish(values)

    async def _quiet(self, port: Port, watch: _Watch, now: float) -> None:
        """Nothing came in time: refresh, poke a silent interface, or give it up."""
        timing = self.timing
        if watch.poked_at is not None and now >= watch.poked_at + timing.answer:
            if not watch.answered:
                msg = f"{self.link}: no answer to XV or XR within {timing.answer:g} s"
                raise PumpTimeoutError(msg)
            silent = timing.silence + timing.answer
            msg = f"{self.link}: the interface was silent for {silent:g} s"
            raise PumpTimeoutError(msg)
        if watch.poked_at is None and now >= watch.quiet_since + timing.silence:
            # Asked once more before the link counts as down.
            self._counters.silences += 1
            watch.poked_at = now
        elif now < watch.next_refresh:
            return
        await self._send(port, "XR")
        watch.next_refresh = now + timing.refresh

    def _take(self, data: bytes, values: dict[str, Value]) -> bool:
        """Take in a chunk, gathering its values; whether any line was valid."""
        valid = False
        for piece in self._split(data):
            self._counters.lines += 1
            line = parse(piece)
            if line is None:
                self._counters.garbage_lines += 1
                self._garbage_on_link += 1
                continue
            valid = True
            self._note(line, values)
        if valid:
            self._last_line_at = time.monotonic()
            if self._down is not None:
                self._down = None
                self._tell_link(None)
        return valid

    def _publish(self, values: dict[str, Value]) -> None:
        """Hand the gathered values to every subscriber in one call, and start afresh."""
        if not values:
            return
        batch = dict(values)
        values.clear()
        self._values.update(batch)
        for on_values, _ in list(self._subscribers):
            try:
                on_values(batch)
            except Exception:
                _LOGGER.exception("%s: a subscriber failed on pushed values", self.link)

    def _split(self, data: bytes) -> list[str]:
        """The non-blank lines a chunk completes; the rest waits for its terminator.

        Any of CR, LF and CRLF ends a line. A line that runs on past `LONGEST_LINE`
        characters is dropped whole, as garbage, up to its terminator.
        """
        # Latin-1 maps every byte: a stray byte spoils its line, never the decoding.
        pieces = (self._pending + data.decode("latin-1")).replace("\r", "\n").split("\n")
        self._pending = pieces.pop()
        if self._discarding and pieces:
            self._discarding = False
            pieces[0] = ""  # the end of a line already dropped
        if len(self._pending) > LONGEST_LINE:
            if not self._discarding:
                self._counters.garbage_lines += 1
                self._garbage_on_link += 1
            self._pending, self._discarding = "", True
        # Blank: a blank line, or the gap between the CR and the LF of a CRLF.
        return [piece for piece in pieces if piece and not piece.isspace()]

    def _note(self, line: Line, values: dict[str, Value]) -> None:
        """Take in one valid line: a reading's values, the version, or nothing."""
        if isinstance(line, Reading):
            self._counters.readings += 1
            self._last_raw[line.id] = line.raw
            self._heard.set()
            channels = self._by_id.get(line.id)
            if channels is None:
                if line.id not in self._counters.unknown_ids:
                    self._counters.unknown_ids.add(line.id)
                    _LOGGER.debug("%s: unsupported id %04X", self.link, line.id)
                return
            for channel in channels:
                try:
                    values[channel.key] = channel.decode([line.raw])
                except ValueError as err:
                    _LOGGER.warning(
                        "%s: %s cannot take %04X: %s", self.link, channel.key, line.raw, err
                    )
        elif isinstance(line, Version):
            self.controller = CONTROLLERS.get(line.controller, f"controller {line.controller}")
            self.firmware = line.firmware or None
            self._got_version.set()
            self._heard.set()
        else:
            _LOGGER.debug("%s: %s", self.link, line)

    def _lost(self, err: PumpError) -> None:
        """The link broke or fell silent: say so once, and forget any half line."""
        self._last_error = str(err)
        self._counters.failures += 1
        self._pending, self._discarding = "", False
        was_up = self._down is None
        self._down = err
        if was_up:
            _LOGGER.debug("%s: link lost: %s", self.link, err)
            self._tell_link(err)

    def _tell_link(self, error: PumpError | None) -> None:
        for _, on_link in list(self._subscribers):
            try:
                on_link(error)
            except Exception:
                _LOGGER.exception("%s: a subscriber failed on a link change", self.link)

    # -- identity, reading, writing ----------------------------------------------

    async def identify(self) -> DeviceIdentity:
        """Connect, and name the controller from `XV` (or "H1" when only values come).

        Waits up to `Timing.answer` for the version reply or a first value.
        """
        await self.connect()
        try:
            async with asyncio.timeout(self.timing.answer):
                await self._heard.wait()
        except TimeoutError as err:
            if self._garbage_on_link:
                msg = f"{self.link}: the interface sent only lines it could not make sense of"
                raise PumpCorruptReplyError(msg) from err
            msg = (
                f"{self.link}: the interface stayed silent for {self.timing.answer:g} s "
                "(no answer to XV or XR)"
            )
            raise PumpTimeoutError(msg) from err
        if not self._got_version.is_set():
            # Values may overtake the version reply; it gets a moment more.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(min(VERSION_GRACE, self.timing.answer)):
                    await self._got_version.wait()
        return DeviceIdentity(
            manufacturer=MANUFACTURER,
            model=self.controller or MODEL_WITHOUT_VERSION,
            firmware=self.firmware,
        )

    async def read(self, channels: Iterable[Channel]) -> ReadResult:
        """The values received so far for the channels asked; never waits for the device.

        Raises why the link is down, if it is.
        """
        await self.connect()
        down = self._down
        if down is not None:
            raise type(down)(str(down))
        values = self._values
        return ReadResult(
            values={
                channel.key: values[channel.key] for channel in channels if channel.key in values
            }
        )

    async def write(self, channel: Channel, value: float | str | bool) -> Value:
        """Refused: values are only read through the H1 here, nothing is written."""
        msg = f"{channel.key}: the Husdata H1 link is read only"
        raise PumpRejectedError(msg)

    # -- diagnostics ------------------------------------------------------------

    def diagnostics(self) -> dict[str, object]:
        """The link's state, counters and the last raw word of each id."""
        counters = self._counters
        last = self._last_line_at
        return {
            "endpoint": self.link.endpoint,
            "connected": self._port is not None,
            "link_down": None if self._down is None else str(self._down),
            "requests": counters.requests,
            "failures": counters.failures,
            "connects": counters.connects,
            "reconnects": counters.reconnects,
            "lines": counters.lines,
            "readings": counters.readings,
            "garbage_lines": counters.garbage_lines,
            "unknown_ids": [f"{ident:04X}" for ident in sorted(counters.unknown_ids)],
            "silences": counters.silences,
            "last_error": self._last_error,
            "seconds_since_last_line": None if last is None else round(time.monotonic() - last, 1),
            "controller": self.controller,
            "firmware": self.firmware,
            "last_raw": {f"{ident:04X}": raw for ident, raw in sorted(self._last_raw.items())},
        }
