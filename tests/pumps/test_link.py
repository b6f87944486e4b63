"""A link described once: built from entry data, named, and opened by serialx's URL."""

from __future__ import annotations

import asyncio
import os
import tty
from urllib.parse import parse_qs, urlparse

import pytest
import serialx
from serialx.common import get_uri_handler

from custom_components.nordic_heatpump.pumps.link import LineSettings, Link, LinkKind

REGO_LINE = LineSettings(baudrate=19200, parity="N", stopbits=1, bytesize=8)


def test_network_link_from_entry_data() -> None:
    link = Link.from_config({"host": " Pump.Example.COM. ", "port": 9265}, LinkKind.NETWORK)
    assert link == Link(LinkKind.NETWORK, host="Pump.Example.COM.", port=9265)
    assert link.endpoint == "pump.example.com:9265"
    assert link.url == "socket://pump.example.com:9265"
    assert str(link) == "pump.example.com:9265"
    # An entry that never stored a port gets the family's.
    assert Link.from_config({"host": "10.0.0.5"}, LinkKind.NETWORK, default_port=502).port == 502


def test_serial_link_from_entry_data() -> None:
    config = {"device": " /dev/ttyUSB0 ", "baudrate": 9600, "parity": "odd", "stopbits": 2}
    link = Link.from_config(config, LinkKind.SERIAL, default_line=REGO_LINE)
    assert link.device == "/dev/ttyUSB0"
    assert link.line == LineSettings(baudrate=9600, parity="O", stopbits=2, bytesize=8)
    assert link.endpoint == "/dev/ttyUSB0"
    assert link.url == "/dev/ttyUSB0"
    assert link.line.serial_options() == {
        "baudrate": 9600,
        "parity": "O",
        "stopbits": 2,
        "byte_size": 8,
    }
    # Settings the entry leaves out come from the family's line.
    thermia = LineSettings(baudrate=19200, parity="E", stopbits=1, bytesize=8)
    bare = Link.from_config({"device": "/dev/ttyAMA0"}, LinkKind.SERIAL, default_line=thermia)
    assert bare.line == thermia


def test_rfc2217_and_esphome_links() -> None:
    bridge = Link.from_config(
        {"host": "Bridge.lan", "port": 4001, "baudrate": 19200}, LinkKind.RFC2217
    )
    assert bridge.line == LineSettings()
    assert bridge.endpoint == "bridge.lan:4001"
    assert bridge.url == "rfc2217://bridge.lan:4001"
    proxy = Link.from_config(
        {"host": "heatpump-esp.local", "device": "rego uart"}, LinkKind.ESPHOME
    )
    assert proxy.port == 6053
    assert proxy.endpoint == "esphome:heatpump-esp.local:6053:rego uart"
    assert proxy.url == "esphome://heatpump-esp.local:6053/?port_name=rego%20uart"
    # serialx reads host, port and port name from the URL this way.
    parsed = urlparse(proxy.url)
    assert (parsed.hostname, parsed.port) == ("heatpump-esp.local", 6053)
    assert parse_qs(parsed.query) == {"port_name": ["rego uart"]}


def test_endpoint_is_the_same_for_every_spelling() -> None:
    spellings = [
        Link.network("pump.lan", 502),
        Link.network("PUMP.LAN", 502),
        Link.network(" pump.lan. ", 502),
        Link(LinkKind.NETWORK, host="Pump.Lan.", port=502),
    ]
    assert {link.endpoint for link in spellings} == {"pump.lan:502"}
    assert Link.network("pump.lan", 503).endpoint == "pump.lan:503"
    # One port at another speed is the same port.
    assert (
        Link.serial("/dev/ttyUSB0", REGO_LINE).endpoint
        == Link.serial("/dev/ttyUSB0 ", LineSettings(baudrate=9600)).endpoint
    )
    # An IPv6 literal keeps its colons apart from the port.
    v6 = Link.network("FE80::1", 502)
    assert v6.endpoint == "[fe80::1]:502"
    assert urlparse(v6.url).hostname == "fe80::1"
    assert urlparse(v6.url).port == 502


@pytest.mark.parametrize(
    ("link", "scheme"),
    [
        (Link.network("127.0.0.1", 9265), "socket://"),
        (Link.rfc2217("127.0.0.1", 4001, REGO_LINE), "rfc2217://"),
        (Link.serial("/dev/ttyUSB0", REGO_LINE), "linux://"),
    ],
)
def test_serialx_knows_each_url(link: Link, scheme: str) -> None:
    assert get_uri_handler(link.url).unique_scheme == scheme


async def test_a_network_link_opens_with_serialx() -> None:
    received: list[bytes] = []

    async def device(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        received.append(await reader.readexactly(5))
        writer.write(b"world")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(device, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    link = Link.network("127.0.0.1", port)
    reader, writer = await serialx.open_serial_connection(link.url, **link.line.serial_options())
    writer.write(b"hello")
    await writer.drain()
    assert await asyncio.wait_for(reader.readexactly(5), 2) == b"world"
    assert received == [b"hello"]
    writer.close()
    server.close()
    await server.wait_closed()


async def test_a_serial_link_opens_with_serialx() -> None:
    master, slave = os.openpty()
    tty.setraw(master)
    try:
        link = Link.serial(os.ttyname(slave), REGO_LINE)
        reader, writer = await serialx.open_serial_connection(
            link.url, **link.line.serial_options()
        )
        os.write(master, b"\x01\x02")
        assert await asyncio.wait_for(reader.readexactly(2), 2) == b"\x01\x02"
        writer.close()
    finally:
        os.close(slave)
        os.close(master)
