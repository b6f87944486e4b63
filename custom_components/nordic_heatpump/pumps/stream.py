"""A byte stream to a device, opened through serialx: what the line-speaking families share.

The Rego and Husdata clients both read and write raw bytes over a link opened by its
serialx URL (a serial port, `socket://`, `esphome://`, …), map the same failures to the
same errors, and wait for the last port to be let go before opening the next (a serial
port stays locked until it is closed).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
import contextlib
from dataclasses import dataclass
from typing import Any, Final

import serialx

from .esphome import is_refusal
from .link import Link
from .model import PumpAuthError, PumpConnectionError

CLOSE_WAIT: Final = 2.0
"""Seconds to wait for a port to close before opening it again."""

type Stream = tuple[asyncio.StreamReader, asyncio.StreamWriter]
type Opener = Callable[[], Awaitable[Stream]]
"""Opens the byte stream to the device (serialx's reader and writer)."""


@dataclass(slots=True)
class Port:
    """One open byte stream."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter


async def open_port(
    link: Link,
    opener: Opener | None = None,
    serial_options: Mapping[str, Any] | None = None,
    *,
    within: float | None = None,
) -> Port:
    """Open the link by its serialx URL and line settings, or through `opener`.

    A device that refuses its credentials is a `PumpAuthError`; anything else that keeps
    the link from opening, including taking longer than `within` seconds, is a
    `PumpConnectionError`.
    """
    try:
        async with asyncio.timeout(within):
            if opener is not None:
                reader, writer = await opener()
            else:
                reader, writer = await serialx.open_serial_connection(
                    link.url, **link.line.serial_options(), **(serial_options or {})
                )
    except TimeoutError as err:
        if within is None:
            raise PumpConnectionError(f"{link}: {err}") from err
        msg = f"{link}: could not open within {within:g} s"
        raise PumpConnectionError(msg) from err
    except (serialx.SerialException, OSError, ValueError) as err:
        msg = f"{link}: {err}"
        if is_refusal(err):
            raise PumpAuthError(msg) from err
        raise PumpConnectionError(msg) from err
    return Port(reader, writer)


class Closer:
    """Closes ports, and lets the next open wait until the last one is let go."""

    def __init__(self) -> None:
        """Nothing is closing yet."""
        self._closing: asyncio.StreamWriter | None = None

    def start(self, port: Port) -> None:
        """Start closing a port without waiting for it."""
        with contextlib.suppress(Exception):
            port.writer.close()
        self._closing = port.writer

    async def wait(self) -> None:
        """Wait (bounded) for the last port started closing to be let go."""
        writer, self._closing = self._closing, None
        if writer is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(CLOSE_WAIT):
                    await writer.wait_closed()
