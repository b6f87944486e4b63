"""A null-modem cable made of two pseudo-terminals.

A pty has only one named end (the slave, /dev/pts/N); the master is just a file
descriptor. To give both the simulated pump and the client a device path, two
pty pairs are created and the bytes arriving on one master are copied to the
other master. Each side then opens its own /dev/pts/N with pyserial exactly as it
would open a USB RS-485 adapter.

A pty cannot carry parity: the Linux pty driver forces CS8 and clears PARENB,
and glibc's tcsetattr() then reports EINVAL because the setting did not stick.
pyserial therefore cannot open a pty with parity "E" (Thermia's factory
setting). While a null modem is open, ``termios.tcsetattr`` is wrapped so that,
for these pty devices only, the parity and character size a client asks for are
accepted and the pty's fixed CS8/no-parity framing is applied instead. Bytes are
bytes on a pty, so nothing else changes. The wrapper only helps clients in the
same process (tests); a client in another process must open the pty with
parity "N".
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import termios
import tty
from typing import Any

_real_tcsetattr = termios.tcsetattr
# Device paths of every open null modem; the wrapper is active while non-empty.
_our_ptys: set[str] = set()


def _pty_tolerant_tcsetattr(fd: Any, when: int, attributes: list[Any]) -> None:
    try:
        path = os.ttyname(fd if isinstance(fd, int) else fd.fileno())
    except OSError, AttributeError, ValueError:
        path = ""
    if path in _our_ptys:
        attributes = list(attributes)
        cflag = attributes[2] & ~(termios.PARENB | termios.CSIZE)
        attributes[2] = cflag | termios.CS8 | termios.CREAD
    _real_tcsetattr(fd, when, attributes)


def _register(paths: tuple[str, ...]) -> None:
    _our_ptys.update(paths)
    termios.tcsetattr = _pty_tolerant_tcsetattr


def _unregister(paths: tuple[str, ...]) -> None:
    _our_ptys.difference_update(paths)
    # Restore only if nobody else wrapped it after us.
    if not _our_ptys and termios.tcsetattr is _pty_tolerant_tcsetattr:
        termios.tcsetattr = _real_tcsetattr


class _Pipe:
    """Copies bytes from one master fd to another without blocking the loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, src: int, dst: int) -> None:
        self._loop = loop
        self._src = src
        self._dst = dst
        self._pending = b""
        loop.add_reader(src, self._read)

    def _read(self) -> None:
        try:
            data = os.read(self._src, 4096)
        except BlockingIOError:
            return
        except OSError:
            # EIO: nobody holds the slave open right now; nothing to forward.
            return
        if not data:
            return
        self._pending += data
        self._write()

    def _write(self) -> None:
        try:
            written = os.write(self._dst, self._pending)
        except BlockingIOError:
            written = 0
        except OSError:
            # The other side is gone; drop the bytes like a cut cable would.
            written = len(self._pending)
        self._pending = self._pending[written:]
        if self._pending:
            self._loop.add_writer(self._dst, self._write)
        else:
            self._loop.remove_writer(self._dst)

    def close(self) -> None:
        self._loop.remove_reader(self._src)
        self._loop.remove_writer(self._dst)


class PtyNullModem:
    """Two linked ptys: ``device_path`` for the pump, ``client_path`` for a client."""

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._fds: list[int] = []
        dev_master, dev_slave = self._open_pair()
        cli_master, cli_slave = self._open_pair()
        self.device_path = os.ttyname(dev_slave)
        self.client_path = os.ttyname(cli_slave)
        _register((self.device_path, self.client_path))
        self._pipes = (
            _Pipe(self._loop, dev_master, cli_master),
            _Pipe(self._loop, cli_master, dev_master),
        )

    def _open_pair(self) -> tuple[int, int]:
        master, slave = os.openpty()
        # Raw mode before anyone opens the slave, so no echo or newline
        # translation can corrupt binary RTU frames.
        tty.setraw(slave)
        os.set_blocking(master, False)
        # Keeping our own slave fd open stops the master from reporting EIO
        # (hang-up) while the client or the server reopens its end.
        self._fds += [master, slave]
        return master, slave

    def close(self) -> None:
        """Stop relaying and close every descriptor."""
        for pipe in self._pipes:
            pipe.close()
        _unregister((self.device_path, self.client_path))
        for fd in self._fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._fds = []
