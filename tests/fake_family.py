"""A second pump family that exists only in tests: a device that pushes lines of text.

It is registered through the same registry as Thermia and proves that the set-up flow,
the options and the polling interval come from the descriptor alone. Its client talks
to a real TCP listener on 127.0.0.1: it reads one greeting line to identify the device.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Mapping
import contextlib
from typing import Any

from custom_components.nordic_heatpump.pumps.descriptor import (
    TRANSPORT,
    FamilyDescriptor,
    Field,
    FieldKind,
    TransportForm,
)
from custom_components.nordic_heatpump.pumps.model import (
    Channel,
    ClimateRoles,
    DeviceIdentity,
    ErrorLogRoles,
    PumpConnectionError,
    PumpRejectedError,
    PumpTimeoutError,
    ReadResult,
    Value,
    WaterHeaterRoles,
)

GREETING = b"PUSH-1 line interface\r\n"


class LineClient:
    """Identifies a line-pushing device by its greeting; it has no channels."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        """Keep the entry's data; nothing is opened yet."""
        self.config = dict(config)

    @property
    def channels(self) -> Mapping[str, Channel]:
        """No channels: the flow and set-up need none."""
        return {}

    @property
    def climate_roles(self) -> ClimateRoles | None:
        """No climate entity."""
        return None

    @property
    def water_heater_roles(self) -> WaterHeaterRoles | None:
        """No water heater."""
        return None

    @property
    def error_log_roles(self) -> ErrorLogRoles | None:
        """No error log."""
        return None

    async def connect(self) -> None:
        """Nothing is kept open."""

    async def identify(self) -> DeviceIdentity:
        """Read the greeting line the device sends on connect."""
        if self.config[TRANSPORT] != "push_socket":
            msg = "this test family speaks only over a socket"
            raise PumpConnectionError(msg)
        try:
            reader, writer = await asyncio.open_connection(self.config["host"], self.config["port"])
        except OSError as err:
            raise PumpConnectionError(str(err)) from err
        try:
            line = await asyncio.wait_for(reader.readline(), 1.0)
        except TimeoutError as err:
            raise PumpTimeoutError("no greeting") from err
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
        if not line.startswith(b"PUSH-1"):
            msg = f"unexpected greeting {line!r}"
            raise PumpRejectedError(msg)
        return DeviceIdentity(manufacturer="Test", model=line.decode().strip())

    async def read(self, channels: Iterable[Channel]) -> ReadResult:
        """Nothing to read."""
        return ReadResult()

    async def write(self, channel: Channel, value: float | str | bool) -> Value:
        """Nothing is writable."""
        raise PumpRejectedError(channel.key)

    async def close(self) -> None:
        """Nothing to close."""

    def diagnostics(self) -> dict[str, object]:
        """No link statistics."""
        return {}


def endpoint(config: Mapping[str, Any]) -> str:
    """Host and port, or the serial device: one device per endpoint."""
    if config[TRANSPORT] == "push_socket":
        return f"socket:{str(config['host']).strip().lower()}:{config['port']}"
    return f"serial:{config['device']}"


PUSH = FamilyDescriptor(
    key="push_test",
    order=50,
    models=("push_a", "push_b"),
    transports=(
        TransportForm(
            "push_socket",
            (
                Field("host", FieldKind.HOST),
                Field("port", FieldKind.PORT, default=9265),
                Field("settle_ms", FieldKind.INTEGER, default=80, minimum=0, maximum=500),
            ),
        ),
        TransportForm(
            "push_serial",
            (
                Field("device", FieldKind.SERIAL_PORT),
                Field("line", FieldKind.CHOICE, default="8N1", choices=("8N1", "8E1")),
            ),
        ),
    ),
    title=lambda model: f"Push test {model}",
    client=LineClient,
    endpoint=endpoint,
)
"""Two models, two transports, no options, no polling."""

SINGLE = FamilyDescriptor(
    key="single_test",
    order=60,
    models=("only",),
    transports=(TransportForm("single_socket", PUSH.transports[0].fields),),
    title="Single test {}".format,
    client=lambda config: LineClient({**config, TRANSPORT: "push_socket"}),
    endpoint=lambda config: f"single:{config['host']}:{config['port']}",
    options=lambda _data: (Field("verbose", FieldKind.CHOICE, default=0, choices=(0, 1)),),
    poll_interval=5.0,
)
"""One model, one transport (no menus to pass), one option, polled every 5 s."""


@contextlib.asynccontextmanager
async def greeting_server(greeting: bytes = GREETING) -> AsyncIterator[tuple[str, int]]:
    """A device on 127.0.0.1 that sends one line to whoever connects."""

    async def greet(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(greeting)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(greet, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()[:2]
    try:
        yield str(host), int(port)
    finally:
        server.close()
        await server.wait_closed()
