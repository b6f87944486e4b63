"""The two ways bytes reach the simulated Rego controller: a TCP bridge and a pty.

Both hand received bytes to a callback and offer ``send`` and ``hang_up``, so the
simulator treats a ser2net-style socket and a serial line alike. A serial line has
no connection to drop: ``hang_up`` there only stops what is being sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tty
from typing import Protocol


class Line(Protocol):
    """Where a reply goes."""

    @property
    def closed(self) -> bool:
        """True once nothing more can be sent."""

    def send(self, data: bytes) -> None:
        """Queue bytes for the host."""

    def hang_up(self) -> None:
        """Drop the connection (a socket) or do nothing (a serial line)."""


class SocketLine:
    """One client of the TCP bridge."""

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        """Wrap the accepted connection's writer."""
        self._writer = writer

    @property
    def closed(self) -> bool:
        """True once the connection was dropped or closed by the client."""
        return self._writer.is_closing()

    def send(self, data: bytes) -> None:
        """Send unless the connection is already gone."""
        if not self._writer.is_closing():
            self._writer.write(data)

    def hang_up(self) -> None:
        """Close the connection, as a bridge that loses its link does."""
        self._writer.close()


class PtyLine:
    """A pseudo-terminal: the simulator holds the master, a client opens ``path``.

    Our own descriptor of the slave stays open, so the master never reports a hang-up
    (EIO) while a client closes and reopens the port; bytes the controller sends while
    nobody listens wait in the terminal's input queue, like stale bytes on a real port.
    """

    def __init__(self, on_data: asyncio.Queue[bytes]) -> None:
        """Open the pty and start handing received bytes to ``on_data``."""
        self._loop = asyncio.get_running_loop()
        self._queue = on_data
        self._master, self._slave = os.openpty()
        # Raw before anyone opens the slave: no echo or newline translation of binary frames.
        tty.setraw(self._slave)
        os.set_blocking(self._master, False)
        self.path = os.ttyname(self._slave)
        self._pending = b""
        self._open = True
        self._loop.add_reader(self._master, self._read)

    @property
    def closed(self) -> bool:
        """True once the simulator stopped serving this line."""
        return not self._open

    def _read(self) -> None:
        try:
            data = os.read(self._master, 4096)
        except BlockingIOError, InterruptedError:
            return
        except OSError:
            return  # nothing to read from a port nobody holds
        if data:
            self._queue.put_nowait(data)

    def send(self, data: bytes) -> None:
        """Write to the line without blocking; what does not fit waits for room."""
        if not self._open:
            return
        self._pending += data
        self._flush()

    def _flush(self) -> None:
        try:
            written = os.write(self._master, self._pending)
        except BlockingIOError:
            written = 0
        except OSError:
            written = len(self._pending)  # the line is gone: bytes are lost, as on a cut cable
        self._pending = self._pending[written:]
        if self._pending:
            self._loop.add_writer(self._master, self._flush)
        else:
            self._loop.remove_writer(self._master)

    def hang_up(self) -> None:
        """A serial line cannot be hung up; the rest of the reply is simply not sent."""

    def close(self) -> None:
        """Stop serving and close both ends."""
        if not self._open:
            return
        self._open = False
        self._loop.remove_reader(self._master)
        self._loop.remove_writer(self._master)
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
