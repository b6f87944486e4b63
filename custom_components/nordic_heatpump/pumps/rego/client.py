"""A Rego 6xx client over serialx, through the shared session: one register per request.

The service port answers one request at a time and stops answering when driven too
fast, so every request waits its pause, finds the input empty (late or stray bytes are
thrown away first), and reads exactly the reply length its command has. A reply that
is not well formed is never decoded: the session asks again on a fresh link. Writes
touch settings only, and are read back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
import logging
import math
from typing import Any, Final

import serialx

from ..link import Link, LinkKind
from ..model import (
    Channel,
    ClimateRoles,
    DeviceIdentity,
    ErrorLogRoles,
    Kind,
    PumpConnectionError,
    PumpCorruptReplyError,
    PumpError,
    PumpRejectedError,
    PumpTimeoutError,
    PumpWriteMismatchError,
    ReadResult,
    Value,
    WaterHeaterRoles,
)
from ..session import PROBE_BUDGET, Pacing, Session, Turn
from ..settings import REQUEST_GAP_MS
from ..stream import Closer, Opener, Port, open_port
from . import frames
from .frames import Command, ErrorLogEntry, FrameError
from .register import RegoChannel, RegoRegister

_LOGGER = logging.getLogger(__name__)

MANUFACTURER: Final = "IVT / Bosch"
MODEL: Final = "Rego 6xx"

DEFAULT_REQUEST_GAP_MS: Final = 80
"""The pause openHAB's binding keeps between requests: faster, the controller goes mute."""
REPLY_TIMEOUT: Final = 2.0
"""Seconds to wait for a whole reply."""
REQUEST_RETRIES: Final = 3
"""Further attempts after a timeout, a corrupt reply or a lost link, each on a fresh link."""
RECONNECT_DELAY_MAX: Final = 30.0
"""Seconds the growing wait between reconnects stops at: half the 60 s poll interval, so
the first poll after the controller is back always tries the link."""
SETTLE_QUIET: Final = 0.2
"""After a connect, input is thrown away until the line has been quiet this long: a
bridge may hand over bytes it kept from the previous connection."""
SETTLE_MAX: Final = 1.0
"""... but no longer than this (nor half the reply timeout), however noisy the line."""
CORRUPT_PLACES_BEFORE_GIVING_UP: Final = 2
"""Places in a row whose replies stay corrupt before a poll stops: the line, not one
register, is at fault then."""

READ_COMMANDS: Final = frozenset(
    {
        Command.READ_PANEL,
        Command.READ_REGISTER,
        Command.READ_LAST_ERROR,
        Command.READ_PREVIOUS_ERROR,
    }
)
"""The commands a channel may be read with."""
_ERROR_LOG: Final = frozenset({Command.READ_LAST_ERROR, Command.READ_PREVIOUS_ERROR})
_STALE_CHUNK: Final = 256


def pacing_from(options: Mapping[str, Any] | None = None) -> Pacing:
    """How the service port is driven, with the pause an entry's options may set."""
    gap_ms = (options or {}).get(REQUEST_GAP_MS, DEFAULT_REQUEST_GAP_MS)
    return Pacing(
        request_gap=max(0.0, float(gap_ms) / 1000),
        timeout=REPLY_TIMEOUT,
        retries=REQUEST_RETRIES,
        backoff_max=RECONNECT_DELAY_MAX,
        retry_lost_links=True,  # a bridge that hung up is simply dialled again
    )


@dataclass(slots=True)
class _Counters:
    corrupt_replies: int = 0
    stale_bytes: int = 0
    """Bytes found waiting before a request (or right after a connect) and thrown away."""


class RegoClient:
    """Reads and writes one Rego 6xx controller."""

    def __init__(  # noqa: PLR0913
        self,
        channels: Mapping[str, RegoChannel],
        link: Link,
        pacing: Pacing | None = None,
        *,
        layout: str | None = None,
        climate: ClimateRoles | None = None,
        water_heater: WaterHeaterRoles | None = None,
        error_log: ErrorLogRoles | None = None,
        opener: Opener | None = None,
        serial_options: Mapping[str, Any] | None = None,
    ) -> None:
        """Prepare the client; nothing is opened until a request needs it.

        The link is opened through serialx by its URL (a device path, `socket://`,
        `rfc2217://` or `esphome://`) with the link's line settings and any
        `serial_options` (an ESPHome proxy takes `api=` an already connected API client,
        or `key=` its encryption key). `opener` replaces all of that with a stream the
        caller opens itself. `layout` names the controller's register layout. The
        error-log roles default to the status and timestamp channels of command 0x40.
        """
        for channel in channels.values():
            if channel.where.command not in READ_COMMANDS:
                msg = f"{channel.key}: command {channel.where.command:#04x} is not a read"
                raise ValueError(msg)
        self.link = link
        self.layout = layout
        self._channels = dict(channels)
        self._climate = climate
        self._water_heater = water_heater
        self._error_log = error_log or _error_log_of(self._channels.values())
        self._opener = opener
        self._serial_options = dict(serial_options or {})
        if link.kind is LinkKind.ESPHOME and "api" in self._serial_options:
            # serialx reads the port name from the URL only when it connects by itself.
            self._serial_options.setdefault("port_name", link.proxy_port)
        self._counters = _Counters()
        self._last_raw: dict[RegoRegister, int | ErrorLogEntry | None] = {}
        """The answer last read at each place, for diagnostics."""
        self._failed: dict[RegoRegister, str] = {}
        """Places whose last read failed on their own (corrupt replies), and why."""
        self._closer = Closer()
        self._session: Session[Port] = Session(
            link.endpoint, self._open, self._closer.start, pacing or pacing_from(), alive=_is_alive
        )

    @property
    def channels(self) -> Mapping[str, Channel]:
        """Every channel of the configured layout."""
        return self._channels

    @property
    def climate_roles(self) -> ClimateRoles | None:
        """The heating climate entity's channels, if the table gives them all."""
        roles = self._climate
        return roles if roles is not None and set(roles.keys) <= self._channels.keys() else None

    @property
    def water_heater_roles(self) -> WaterHeaterRoles | None:
        """The hot water entity's channels, if the table gives them all."""
        roles = self._water_heater
        return roles if roles is not None and set(roles.keys) <= self._channels.keys() else None

    @property
    def error_log_roles(self) -> ErrorLogRoles | None:
        """The last error-log entry's code and time channels, if the table has both."""
        roles = self._error_log
        return roles if roles is not None and set(roles.keys) <= self._channels.keys() else None

    @property
    def pacing(self) -> Pacing:
        """How the link is driven."""
        return self._session.pacing

    # -- link -------------------------------------------------------------------

    async def _open(self) -> Port:
        await self._closer.wait()
        port = await open_port(self.link, self._opener, self._serial_options)
        try:
            await self._settle(port)
        except BaseException:
            self._closer.start(port)
            raise
        return port

    async def _settle(self, port: Port) -> None:
        """Throw away what arrives right after a connect, until the line is quiet."""
        # Within the connect's own deadline (the reply timeout), with time to spare.
        longest = min(SETTLE_MAX, self.pacing.timeout / 2)
        await self._drain(port, SETTLE_QUIET, longest, "the link closed as it opened")

    async def _drain(self, port: Port, quiet: float, longest: float, closed: str) -> None:
        """Throw input away until none comes for `quiet` seconds (0: none is waiting).

        Gives up draining after `longest` seconds; a link found closed is `closed`.
        """
        loop = asyncio.get_running_loop()
        give_up = loop.time() + longest
        while (left := give_up - loop.time()) > 0:
            try:
                async with asyncio.timeout(min(quiet, left)):
                    data = await port.reader.read(_STALE_CHUNK)
            except TimeoutError:
                return
            if not data:
                msg = f"{self.link}: {closed}"
                raise PumpConnectionError(msg)
            self._note_stale(data)

    def _note_stale(self, data: bytes) -> None:
        self._counters.stale_bytes += len(data)
        _LOGGER.debug("%s: %d unexpected bytes thrown away", self.link, len(data))

    async def connect(self) -> None:
        """Open the link, pacing attempts with a growing delay after failures."""
        await self._session.connect()

    async def close(self) -> None:
        """Close the link, and wait until the port is let go."""
        await self._session.close()
        await self._closer.wait()

    async def _exchange[T](
        self,
        turn: Turn[Port],
        request: bytes,
        parse: Callable[[bytes], T],
        doing: str,
    ) -> T:
        """Send one request and parse its reply, read to the length its command has.

        A reply that does not parse is a corrupt reply: the session asks again on a
        fresh link, so the rest of it can never pass for the next answer.
        """
        length = frames.REPLY_LENGTHS[Command(request[1])]
        link = self.link

        async def send(port: Port) -> T:
            try:
                await self._throw_away_waiting(port)
                port.writer.write(request)
                await port.writer.drain()
                reply = await port.reader.readexactly(length)
            except asyncio.IncompleteReadError as err:
                if not err.partial:
                    raise PumpConnectionError(f"{link}: the link closed {doing}") from err
                reply = err.partial  # the link closed mid-reply: a short reply
            except (serialx.SerialException, OSError) as err:
                raise PumpConnectionError(f"{link}: {err}") from err
            try:
                return parse(reply)
            except FrameError as err:
                self._counters.corrupt_replies += 1
                raise PumpCorruptReplyError(f"corrupt reply {doing}: {err}") from err

        return await turn.request(send, doing)

    async def _throw_away_waiting(self, port: Port) -> None:
        """Empty the input before a request: a late reply or noise is no answer."""
        # Only what has already arrived: nothing is waited for.
        await self._drain(port, 0, math.inf, "the link is closed")

    async def _read_where(
        self, turn: Turn[Port], where: RegoRegister
    ) -> int | ErrorLogEntry | None:
        """The raw answer at one place: a 16-bit word, or an error-log entry (None: empty)."""
        request = frames.encode_request(where.command, where.address)
        doing = f"reading {_place(where)}"
        if where.command in _ERROR_LOG:
            return await self._exchange(turn, request, _parse_error_entry, doing)
        return await self._exchange(turn, request, frames.parse_value, doing)

    # -- identity ---------------------------------------------------------------

    async def identify(self) -> DeviceIdentity:
        """Check the controller is a Rego 6xx: its version command must answer 600.

        The exchange has the session's short probe budget, so a mute device is named
        quickly; a device that answers something else is refused, not taken for one.
        """
        request = frames.encode_request(Command.READ_VERSION)
        async with self._session.turn(budget=PROBE_BUDGET) as turn:
            version = await self._exchange(turn, request, frames.parse_value, "reading the version")
        if version != frames.VERSION:
            msg = f"{self.link} answered version {version}: not a Rego 600"
            raise PumpRejectedError(msg, version)
        model = MODEL if self.layout is None else f"{MODEL} (layout {self.layout})"
        return DeviceIdentity(manufacturer=MANUFACTURER, model=model)

    # -- reading ----------------------------------------------------------------

    async def read(self, channels: Iterable[Channel]) -> ReadResult:
        """Read channels, one request per place (the two error-log channels share one).

        A place whose replies stay corrupt fails alone, unless the next one does too;
        silence or a lost link cuts the poll short, keeping what was read (each costs
        seconds of retries). Raises only when nothing could be read.
        """
        by_where: dict[RegoRegister, list[RegoChannel]] = {}
        for channel in channels:
            own = self._channels.get(channel.key)
            if own is channel:
                by_where.setdefault(own.where, []).append(own)
        result = ReadResult()
        if not by_where:
            return result
        async with self._session.turn() as turn:
            error = await self._read_places(turn, by_where, result)
        wanted = {channel.key for group in by_where.values() for channel in group}
        result.failed.update(wanted - result.values.keys())
        if error is not None:
            if not result.values:
                raise error
            _LOGGER.debug("Poll of %s incomplete: %s", self.link, error)
        return result

    async def _read_places(
        self,
        turn: Turn[Port],
        by_where: Mapping[RegoRegister, list[RegoChannel]],
        result: ReadResult,
    ) -> PumpError | None:
        """Read place after place into `result`; the error that stopped or spoilt it."""
        error: PumpError | None = None
        corrupt_in_a_row = 0
        for where, group in by_where.items():
            try:
                raw = await self._read_where(turn, where)
            except PumpCorruptReplyError as err:
                error = err
                self._failed[where] = str(err)
                corrupt_in_a_row += 1
                if corrupt_in_a_row == CORRUPT_PLACES_BEFORE_GIVING_UP:
                    break
                continue
            except (PumpConnectionError, PumpTimeoutError) as err:
                return err
            corrupt_in_a_row = 0
            self._last_raw[where] = raw
            self._failed.pop(where, None)
            for channel in group:
                result.values[channel.key] = _decode(channel, raw)
        return error

    # -- writing ----------------------------------------------------------------

    async def write(self, channel: Channel, value: float | str | bool) -> Value:
        """Write a setting (command 0x03), expect the 0x01 acknowledgement, read it back.

        Only channels of kind `setting` held in a system register are ever written.
        """
        own = self._channels.get(channel.key)
        if own is not channel or own.kind is not Kind.SETTING:
            msg = f"{channel.key} is not writable"
            raise PumpError(msg)
        if own.where.command != Command.READ_REGISTER:
            msg = f"{channel.key} is not a system register"
            raise PumpError(msg)
        if isinstance(value, (bool, str)):
            msg = f"{channel.key} takes a number, not {value!r}"
            raise PumpError(msg)
        (raw,) = own.codec.encode(value)
        expected = own.decode([raw])
        address = own.where.address
        write = frames.encode_request(Command.WRITE_REGISTER, address, raw)
        read = frames.encode_request(Command.READ_REGISTER, address)
        async with self._session.turn() as turn:
            await self._exchange(turn, write, frames.parse_ack, f"writing {own.key}")
            word = await self._exchange(turn, read, frames.parse_value, f"reading back {own.key}")
        read_back = own.decode([word])
        if read_back != expected:
            raise PumpWriteMismatchError(own, expected, read_back)
        return read_back

    # -- diagnostics ------------------------------------------------------------

    def diagnostics(self) -> dict[str, object]:
        """The link's state and counters, failed places, and each place's last answer."""
        return {
            "layout": self.layout,
            **self._session.diagnostics(),
            "corrupt_replies": self._counters.corrupt_replies,
            "stale_bytes_discarded": self._counters.stale_bytes,
            "failed_registers": {
                _place(where): error for where, error in sorted(self._failed.items(), key=_order)
            },
            "last_raw": {
                _place(where): _raw_for_diagnostics(raw)
                for where, raw in sorted(self._last_raw.items(), key=_order)
            },
        }


def _error_log_of(channels: Iterable[RegoChannel]) -> ErrorLogRoles | None:
    """The code (status) and time (timestamp) channels of the last error-log entry."""
    last = [c for c in channels if c.where.command == Command.READ_LAST_ERROR]
    codes = [c.key for c in last if c.kind is Kind.STATUS]
    times = [c.key for c in last if c.kind is Kind.TIMESTAMP]
    if len(codes) != 1 or len(times) != 1:
        return None
    return ErrorLogRoles(code=codes[0], time=times[0])


def _place(where: RegoRegister) -> str:
    """A place as the protocol writes it: command/address."""
    return f"{where.command:#04x}/{where.address:#06x}"


def _order(item: tuple[RegoRegister, object]) -> tuple[int, int]:
    return item[0].command, item[0].address


def _raw_for_diagnostics(raw: int | ErrorLogEntry | None) -> int | dict[str, object] | None:
    if isinstance(raw, ErrorLogEntry):
        return {"code": raw.code, "at": raw.at.isoformat()}
    return raw


def _parse_error_entry(reply: bytes) -> ErrorLogEntry | None:
    return frames.decode_error_entry(frames.parse_long(reply))


def _decode(channel: RegoChannel, raw: int | ErrorLogEntry | None) -> Value:
    """A channel's value from its place's answer."""
    if isinstance(raw, int):
        return channel.decode([raw])
    if raw is None:
        return None  # the error log is empty: no code, no time
    if channel.kind is Kind.TIMESTAMP:
        return raw.at
    return channel.decode([raw.code])


def _is_alive(port: Port) -> bool:
    return not port.reader.at_eof() and not port.writer.is_closing()
