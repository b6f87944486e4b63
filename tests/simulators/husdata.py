"""Device side of a Husdata H1 interface (RS-232 or a TCP serial bridge), for tests and runs.

The simulator is an independent check of the integration's line parser and id table: it
imports nothing from ``custom_components`` and is written from the protocol reference
(part B) only. It holds the ids of its fixture (``tests/fixtures/husdata.json``) and
answers as the interface does:

* ``XV`` -> ``XV`` + controller type + firmware (unless the fixture says the interface
  stays silent to ``XV``);
* ``XL`` -> one ``XL`` + id + name line per id, then ``XLEOF``;
* ``XR`` -> one ``XR`` + id + value line per id (a dump), then it pushes every changed
  value by itself to every client that sent ``XR`` or ``XV``;
* ``XW`` -> an ``XW`` status line; nothing changes (the integration never writes);
* anything else is ignored. Every command is logged in ``sim.commands``.

Values change through ``set()`` / ``set_value()`` (pushed at once) or the drift schedule
(``start_drift``). Each pushed line is stamped in ``sim.pushes`` when it is written.
It serves raw TCP (a ser2net-style bridge: a new connection hears nothing until it sends
``XR`` or ``XV``) and a pseudo-terminal (a serial port). Faults: ``sim.faults``.

Run ``python -m tests.simulators.husdata --help`` for a standalone server.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
import json
from pathlib import Path
import random
import time
from typing import Any, Final, Self

from . import husdata_wire as wire
from .husdata_faults import Faults
from .rego_lines import Line, PtyLine, SocketLine

FIXTURE: Final = Path(__file__).resolve().parent.parent / "fixtures" / "husdata.json"
BRIDGE_PORT: Final = 9265
"""The TCP port openHAB's Husdata bridge uses by default."""


@dataclass(frozen=True, slots=True)
class CommandRecord:
    """A command line as the interface received it (``time`` left out of comparisons)."""

    command: str
    time: float = field(default=0.0, compare=False)


@dataclass(frozen=True, slots=True)
class PushRecord:
    """A changed value pushed to one client, stamped when the line was written."""

    id: int
    raw: int
    time: float = field(default=0.0, compare=False)


@dataclass(frozen=True, slots=True)
class Entry:
    """One id of the fixture."""

    name: str
    channel: str | None
    drift: tuple[int, int] | None


@dataclass(slots=True)
class _Outgoing:
    text: str
    faults: Faults
    push: PushRecord | None = None


class _Client:
    """One connection (or the pty) with its own queue, so lines go out in order."""

    def __init__(self, line: Line) -> None:
        self.line = line
        self.live = False
        """True once it sent XR or XV: from then on it hears pushed changes."""
        self.queue: asyncio.Queue[_Outgoing] = asyncio.Queue()
        self.splitter = wire.CommandSplitter()


def load_fixture(path: str | Path) -> dict[str, Any]:
    """A fixture, with ``extends`` resolved (the variant's ids and fields win)."""
    path = Path(path)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if "extends" in data:
        base = load_fixture(path.parent / data.pop("extends"))
        ids = {**base["ids"], **data.pop("ids", {})}
        data = {**base, **data, "ids": ids}
    return data


class HusdataSimulator:
    """An H1 interface's id image plus the lines that reach it."""

    def __init__(self, *, fixture: str | Path = FIXTURE, seed: int = 0) -> None:
        """Load ``fixture``; ``seed`` makes the drift and junk lines repeatable."""
        data = load_fixture(fixture)
        xv = data.get("xv")
        self.controller: str | None = None if xv is None else str(xv["controller"])
        self.firmware: str | None = None if xv is None else str(xv["firmware"])
        self.entries: dict[int, Entry] = {}
        self._words: dict[int, int] = {}
        for key, spec in data["ids"].items():
            ident = int(key, 16)
            drift = spec.get("drift")
            self.entries[ident] = Entry(
                spec["name"], spec.get("channel"), None if drift is None else tuple(drift)
            )
            self._words[ident] = wire.to_word(int(spec["raw"], 16))
        self._origin = {ident: wire.signed16(word) for ident, word in self._words.items()}
        self.faults = Faults()
        self.line_end: bytes = wire.CRLF
        """What ends every line sent; ``wire.CR`` tests a reader with CR-only lines."""
        self.echo = False
        """Echo each command as a line of its own before answering (a bare ``XV``)."""
        self.commands: list[CommandRecord] = []
        self.pushes: list[PushRecord] = []
        self.garbage_sent: list[bytes] = []
        self.connections_made = 0
        self.tcp_address: tuple[str, int] | None = None
        self.pty_path: str | None = None
        self._rng = random.Random(seed)
        self._servers: list[asyncio.Server] = []
        self._clients: set[_Client] = set()
        self._ptys: list[PtyLine] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._drift: asyncio.Task[None] | None = None
        self._heard = asyncio.Event()
        """Set whenever a command arrives."""

    # ----------------------------------------------------------------- data

    @property
    def ids(self) -> list[int]:
        """Every id, in fixture order (the order of the dump and the listing)."""
        return list(self._words)

    def get(self, ident: int) -> int:
        """The unsigned 16-bit word an id's ``XR`` line carries."""
        return self._words[ident]

    def signed(self, ident: int) -> int:
        """An id's word read as signed 16-bit."""
        return wire.signed16(self._words[ident])

    def set(self, ident: int, raw: int) -> bool:
        """Store a raw value (negative as two's complement); push it if it changed."""
        word = wire.to_word(raw)
        if self._words.get(ident) == word:
            return False
        if ident not in self._words:
            self.entries[ident] = Entry(f"Id {ident:04X}", None, None)
        self._words[ident] = word
        live = [client for client in self._clients if client.live]
        if live:
            faults = self.faults.take()
            for client in live:
                client.queue.put_nowait(
                    _Outgoing(wire.reading(ident, word), faults, PushRecord(ident, word))
                )
        return True

    def set_value(self, ident: int, value: float, scale: int = 10) -> bool:
        """Store ``value`` as ``round(value * scale)`` (tenths by default) and push it."""
        return self.set(ident, round(value * scale))

    @property
    def writes(self) -> list[CommandRecord]:
        """The ``XW`` commands received (the integration must never send one)."""
        return [record for record in self.commands if record.command.startswith("XW")]

    def commands_of(self, command: str) -> list[CommandRecord]:
        """The logged commands that are exactly ``command`` (e.g. ``"XR"``)."""
        return [record for record in self.commands if record.command == command]

    @property
    def live_clients(self) -> int:
        """How many connections (and the pty) hear pushed changes now."""
        return sum(1 for client in self._clients if client.live and not client.line.closed)

    async def until_command(self, command: str, count: int = 1, within: float = 5.0) -> None:
        """Wait until ``command`` was received ``count`` times in all (TimeoutError if not)."""
        async with asyncio.timeout(within):
            while len(self.commands_of(command)) < count:
                self._heard.clear()
                await self._heard.wait()

    def clear_logs(self) -> None:
        """Forget logged commands, pushes and junk."""
        self.commands.clear()
        self.pushes.clear()
        self.garbage_sent.clear()

    # ------------------------------------------------------------ transports

    async def start_tcp(self, host: str = "127.0.0.1", port: int = 0) -> tuple[str, int]:
        """Listen as a transparent TCP bridge and return the bound (host, port)."""
        server = await asyncio.start_server(self._serve_socket, host, port)
        self._servers.append(server)
        sockname = server.sockets[0].getsockname()
        self.tcp_address = (str(sockname[0]), int(sockname[1]))
        return self.tcp_address

    async def start_pty(self) -> str:
        """Serve on a pseudo-terminal and return the path a client opens as a serial port."""
        incoming: asyncio.Queue[bytes] = asyncio.Queue()
        line = PtyLine(incoming)
        self._ptys.append(line)
        client = _Client(line)
        self._clients.add(client)
        self._spawn(self._send_loop(client))
        self._spawn(self._serve_pty(client, incoming))
        self.pty_path = line.path
        return line.path

    async def stop_tcp(self) -> list[tuple[str, int]]:
        """Switch the TCP bridge off: connections dropped, new ones refused.

        Returns where it listened; ``start_tcp`` there switches it on again.
        """
        stopped = []
        for server in self._servers:
            stopped.append(tuple(server.sockets[0].getsockname()[:2]))
            server.close()
        self.drop_connections()
        for server in self._servers:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(server.wait_closed(), 2)
        self._servers.clear()
        return stopped

    def drop_connections(self) -> int:
        """Close every open TCP connection now; return how many."""
        sockets = [c.line for c in self._clients if isinstance(c.line, SocketLine)]
        open_lines = [line for line in sockets if not line.closed]
        for line in open_lines:
            line.hang_up()
        return len(open_lines)

    async def stop(self) -> None:
        """Stop the drift, every server, connection and pty."""
        await self.stop_drift()
        for server in self._servers:
            server.close()
        self.drop_connections()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        for server in self._servers:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(server.wait_closed(), 2)
        self._servers.clear()
        for line in self._ptys:
            line.close()
        self._ptys.clear()
        self._clients.clear()

    async def __aenter__(self) -> Self:
        """Use as ``async with HusdataSimulator() as sim``."""
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Stop everything that was started."""
        await self.stop()

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _serve_socket(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        if task is not None:  # stop() cancels connections still open
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        self.connections_made += 1
        client = _Client(SocketLine(writer))
        self._clients.add(client)
        sender = asyncio.get_running_loop().create_task(self._send_loop(client))
        try:
            while not client.line.closed and (data := await reader.read(4096)):
                self._receive(client, data)
        except ConnectionError:
            pass  # the client went away; a bridge just waits for the next one
        finally:
            self._clients.discard(client)
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender
            writer.close()

    async def _serve_pty(self, client: _Client, incoming: asyncio.Queue[bytes]) -> None:
        while True:
            self._receive(client, await incoming.get())

    # -------------------------------------------------------- command path

    def _receive(self, client: _Client, data: bytes) -> None:
        for command in client.splitter.feed(data):
            self.commands.append(CommandRecord(command, time.monotonic()))
            self._heard.set()
            if self.echo:
                self._answer(client, [command])
            self._answer(client, self._reply(client, command))

    def _reply(self, client: _Client, command: str) -> list[str]:
        if command == "XR":
            client.live = True
            return [wire.reading(ident, word) for ident, word in self._words.items()]
        if command == "XV":
            client.live = True
            if self.controller is None or self.firmware is None:
                return []
            return [wire.version(self.controller, self.firmware)]
        if command == "XL":
            return [wire.listed(i, self.entries[i].name) for i in self._words] + [wire.LIST_END]
        if command.startswith("XW"):
            return [f"{command} NOT WRITTEN"]
        return []  # unknown to the interface: ignored

    def _answer(self, client: _Client, lines: list[str]) -> None:
        for text in lines:
            client.queue.put_nowait(_Outgoing(text, self.faults.take()))

    async def _send_loop(self, client: _Client) -> None:
        while True:
            await self._send(client, await client.queue.get())

    async def _send(self, client: _Client, out: _Outgoing) -> None:
        faults, line = out.faults, client.line
        await self._wait_out_delay()
        if faults.silent or line.closed:
            return
        if faults.drop:
            line.hang_up()  # a socket closes; a serial line just loses this line
            return
        if faults.garbage is not None:
            ident, word = self._garbage_target(out.text)
            for junk in wire.garbage(faults.garbage, self._rng, ident, word):
                self.garbage_sent.append(junk)
                line.send(junk)
        data = out.text.encode("ascii")
        end = wire.CR if faults.cr_only else self.line_end
        half = len(data) // 2
        if faults.drop_mid_line:
            line.send(data[:half])
            line.hang_up()  # a socket closes; on a serial line the rest is lost
            return
        if faults.cut == "merge":
            line.send(data[:half])
            return  # the rest is lost; whatever comes next runs into it
        if faults.cut == "pause":
            line.send(data[:half])
            await asyncio.sleep(faults.cut_pause)
            data = data[half:]
        line.send(data + end)
        if out.push is not None:
            self.pushes.append(PushRecord(out.push.id, out.push.raw, time.monotonic()))

    async def _wait_out_delay(self) -> None:
        """Hold the line back while ``faults.delay`` says so; clearing it lets it go at once."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        while True:
            left = started + self.faults.delay - loop.time()
            if left <= 0:
                return
            await asyncio.sleep(min(left, 0.02))  # the fault may be switched off meanwhile

    def _garbage_target(self, text: str) -> tuple[int, int]:
        """The id and value a junk XR line imitates: the line's own, or the first id."""
        if text.startswith("XR") and len(text) == 10:
            return int(text[2:6], 16), int(text[6:], 16)
        ident = next(iter(self._words), 0x0007)
        return ident, self._words.get(ident, 0)

    # ------------------------------------------------------------- drift

    def drift_once(self) -> list[int]:
        """Move every drifting id one random step (never 0; words wrap); return them.

        A value that may step both ways (a temperature) wanders at most ten of its largest
        steps from the fixture's value, so a long run does not walk the weather away.
        """
        moved = []
        for ident, entry in self.entries.items():
            if entry.drift is None:
                continue
            low, high = entry.drift
            step = self._rng.choice([s for s in range(low, high + 1) if s != 0])
            if low < 0 < high:
                band = 10 * max(-low, high)
                away = wire.signed16(self._words[ident]) + step - self._origin[ident]
                if abs(away) > band:
                    step = -step
            self.set(ident, (self._words[ident] + step) & 0xFFFF)
            moved.append(ident)
        return moved

    def start_drift(self, period: float) -> None:
        """Every ``period`` seconds drift the values (outdoor, EL-meters) and push them."""
        if self._drift is None:
            self._drift = asyncio.get_running_loop().create_task(self._drift_loop(period))

    async def stop_drift(self) -> None:
        """Stop the schedule."""
        if self._drift is not None:
            self._drift.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._drift
            self._drift = None

    async def _drift_loop(self, period: float) -> None:
        while True:
            await asyncio.sleep(period)
            self.drift_once()


if __name__ == "__main__":
    from .husdata_cli import main

    main()
