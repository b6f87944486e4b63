"""Where a pump is reached, described once for every family.

A link is a transport kind, an endpoint and, on a serial line, the line settings. It
says nothing about the protocol spoken over it: Modbus framing and unit ids belong to
the Thermia family, Rego frames to Rego. Byte-stream families open the link by its
serialx URL; the Modbus family hands host/port or device to pymodbus.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final
from urllib.parse import quote, urlencode

from .settings import BAUDRATE, BYTESIZE, DEVICE, HOST, PARITIES, PARITY, PORT, STOPBITS

ESPHOME_API_PORT: Final = 6053
"""The ESPHome native API port, serialx's default for esphome:// URLs."""


class LinkKind(StrEnum):
    """How the bytes travel."""

    NETWORK = "network"
    """A TCP socket to host:port (a Modbus TCP device or a transparent serial bridge)."""
    RFC2217 = "rfc2217"
    """A TCP serial bridge speaking RFC 2217, which takes its line settings from us."""
    SERIAL = "serial"
    """A serial port on this machine."""
    ESPHOME = "esphome"
    """A serial port of an ESPHome device, through its serial proxy."""


@dataclass(frozen=True, slots=True)
class LineSettings:
    """Serial line settings: speed and character format."""

    baudrate: int = 19200
    parity: str = "N"
    """"N", "E" or "O", as serial libraries take it."""
    stopbits: int = 1
    bytesize: int = 8

    @classmethod
    def from_config(cls, config: Mapping[str, Any], default: LineSettings) -> LineSettings:
        """Read the line settings an entry stores (parity as "even"/"none"/"odd")."""
        parity = config.get(PARITY)
        return cls(
            baudrate=int(config.get(BAUDRATE, default.baudrate)),
            parity=default.parity if parity is None else PARITIES[str(parity)],
            stopbits=int(config.get(STOPBITS, default.stopbits)),
            bytesize=int(config.get(BYTESIZE, default.bytesize)),
        )

    def serial_options(self) -> dict[str, Any]:
        """The settings as serialx's connect keywords."""
        return {
            "baudrate": self.baudrate,
            "parity": self.parity,
            "stopbits": self.stopbits,
            "byte_size": self.bytesize,
        }


@dataclass(frozen=True, slots=True)
class Link:
    """One way to reach one device: a socket, a local serial port, or an ESPHome proxy.

    Build with `network`, `serial`, `esphome` or `from_config`; `host` and `device` are
    kept as given, `endpoint` is their normalised form.
    """

    kind: LinkKind
    host: str = ""
    port: int = 0
    device: str = ""
    proxy_port: str = ""
    """The name of an ESPHome serial proxy's port."""
    line: LineSettings = LineSettings()

    @classmethod
    def network(cls, host: str, port: int) -> Link:
        """A TCP socket to host:port."""
        return cls(LinkKind.NETWORK, host=host.strip(), port=port)

    @classmethod
    def rfc2217(cls, host: str, port: int, line: LineSettings) -> Link:
        """A TCP serial bridge that sets the line as told (RFC 2217)."""
        return cls(LinkKind.RFC2217, host=host.strip(), port=port, line=line)

    @classmethod
    def serial(cls, device: str, line: LineSettings) -> Link:
        """A local serial port."""
        return cls(LinkKind.SERIAL, device=device.strip(), line=line)

    @classmethod
    def esphome(
        cls, host: str, proxy_port: str, line: LineSettings, port: int = ESPHOME_API_PORT
    ) -> Link:
        """A serial port behind an ESPHome device's serial proxy."""
        return cls(LinkKind.ESPHOME, host=host.strip(), port=port, proxy_port=proxy_port, line=line)

    @classmethod
    def from_config(
        cls,
        config: Mapping[str, Any],
        kind: LinkKind,
        *,
        default_port: int = 0,
        default_line: LineSettings | None = None,
    ) -> Link:
        """Build from a config entry's data; the family says which kind its transport is."""
        line = LineSettings.from_config(config, default_line or LineSettings())
        match kind:
            case LinkKind.NETWORK:
                return cls.network(str(config[HOST]), int(config.get(PORT, default_port)))
            case LinkKind.RFC2217:
                port = int(config.get(PORT, default_port))
                return cls.rfc2217(str(config[HOST]), port, line)
            case LinkKind.SERIAL:
                return cls.serial(str(config[DEVICE]), line)
            case LinkKind.ESPHOME:
                # The proxy's port name is the device on the ESPHome node.
                port = int(config.get(PORT, default_port or ESPHOME_API_PORT))
                return cls.esphome(str(config[HOST]), str(config[DEVICE]), line, port)

    @property
    def _host(self) -> str:
        """The host name normalised: case and a trailing root dot do not make another host."""
        return self.host.strip().lower().rstrip(".")

    @property
    def _netloc(self) -> str:
        host = self._host
        # An IPv6 literal is bracketed in a URL, or its colons would read as a port.
        return f"[{host}]:{self.port}" if ":" in host else f"{host}:{self.port}"

    @property
    def endpoint(self) -> str:
        """A normalised name of what is connected to, the same for every spelling of it.

        Line settings are not part of it: one port at another speed is the same port.
        """
        match self.kind:
            case LinkKind.NETWORK | LinkKind.RFC2217:
                return self._netloc
            case LinkKind.SERIAL:
                return self.device.strip()
            case LinkKind.ESPHOME:
                return f"esphome:{self._netloc}:{self.proxy_port}"

    @property
    def url(self) -> str:
        """The serialx URL of the link (line settings go as keywords, not in the URL)."""
        match self.kind:
            case LinkKind.NETWORK:
                return f"socket://{self._netloc}"
            case LinkKind.RFC2217:
                return f"rfc2217://{self._netloc}"
            case LinkKind.SERIAL:
                return self.device.strip()
            case LinkKind.ESPHOME:
                query = urlencode({"port_name": self.proxy_port}, quote_via=quote)
                return f"esphome://{self._netloc}/?{query}"

    def __str__(self) -> str:
        """The endpoint, for log lines and error messages."""
        return self.endpoint
