"""Rego 6xx service-port frames, as the controller sees them.

Written from the protocol reference (part A), independently of the integration's own
frame code, which these simulator helpers exist to check:

* a request is 9 bytes: 0x81, command, address and value as three 7-bit groups each,
  then the XOR of bytes 2-7 (A.3);
* the controller answers with 0x01 first: 5 bytes (a 3x7-bit value and the XOR of the
  three), 42 bytes (40 nibble bytes and their XOR) or a lone 0x01 acknowledging a
  write (A.4);
* text travels as nibble pairs, high nibble first; an error-log entry is the code as
  one nibble pair and a ``YYMMDD HH:MM:SS`` timestamp, or 0xFF for "no error" (A.9).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import xor
from typing import Final

DEVICE_ADDRESS: Final = 0x81
"""The first byte of every request: the heat pump's bus address."""
HOST_ADDRESS: Final = 0x01
"""The first byte of every reply: the host's bus address."""
REQUEST_LENGTH: Final = 9
LONG_PAYLOAD: Final = 40
"""Payload bytes of a 42-byte reply (20 characters as nibble pairs)."""
NO_ERROR: Final = 0xFF
"""The error-log code byte when the log holds no entry."""
TIMESTAMP_FORMAT: Final = "%y%m%d %H:%M:%S"


def checksum(data: bytes) -> int:
    """The XOR of every byte (requests: bytes 2-7; replies: all between header and sum)."""
    return reduce(xor, data, 0)


def pack7(value: int) -> bytes:
    """A 16-bit value (two's complement when negative) as three 7-bit groups."""
    raw = value & 0xFFFF
    return bytes(((raw >> 14) & 0x03, (raw >> 7) & 0x7F, raw & 0x7F))


def unpack7(data: bytes) -> int:
    """Three 7-bit groups back to the unsigned 16-bit value they carry."""
    return ((data[0] << 14) | (data[1] << 7) | data[2]) & 0xFFFF


def signed16(raw: int) -> int:
    """An unsigned 16-bit value read as two's complement."""
    raw &= 0xFFFF
    return raw - 0x10000 if raw & 0x8000 else raw


def request(command: int, address: int, value: int = 0) -> bytes:
    """The 9-byte request a host sends (used by tests to talk to the simulator)."""
    body = pack7(address) + pack7(value)
    return bytes((DEVICE_ADDRESS, command)) + body + bytes((checksum(body),))


@dataclass(frozen=True, slots=True)
class Request:
    """A well-formed request as the controller decodes it."""

    command: int
    address: int
    """Unsigned 16-bit."""
    value: int
    """Signed 16-bit (writes of negative settings arrive as two's complement)."""


def parse_request(frame: bytes) -> Request | None:
    """Decode a 9-byte request; None if its address byte or checksum is wrong."""
    if len(frame) != REQUEST_LENGTH or frame[0] != DEVICE_ADDRESS:
        return None
    if checksum(frame[2:8]) != frame[8]:
        return None
    return Request(frame[1], unpack7(frame[2:5]), signed16(unpack7(frame[5:8])))


class RequestSplitter:
    """Cuts a byte stream into requests the way a controller would resynchronise.

    Bytes before a 0x81 are skipped; a 9-byte candidate whose checksum fails gives up
    only its first byte, so a real request hidden behind noise or a truncated frame is
    still found (data bytes never exceed 0x7F, so 0x81 only starts a frame).
    """

    def __init__(self) -> None:
        """Start with an empty buffer."""
        self._buffer = bytearray()
        self.rejected = bytearray()
        """Every byte skipped as not part of a valid request, in order."""

    def feed(self, data: bytes) -> list[Request]:
        """Add received bytes; return the complete valid requests found."""
        self._buffer += data
        found: list[Request] = []
        while self._buffer:
            if self._buffer[0] != DEVICE_ADDRESS:
                self.rejected.append(self._buffer.pop(0))
                continue
            if len(self._buffer) < REQUEST_LENGTH:
                break
            parsed = parse_request(bytes(self._buffer[:REQUEST_LENGTH]))
            if parsed is None:
                self.rejected.append(self._buffer.pop(0))
                continue
            del self._buffer[:REQUEST_LENGTH]
            found.append(parsed)
        return found


# ---------------------------------------------------------------------- replies


def ack() -> bytes:
    """The write acknowledgement: a lone 0x01, no checksum."""
    return bytes((HOST_ADDRESS,))


def short_reply(value: int) -> bytes:
    """A 5-byte value reply."""
    body = pack7(value)
    return bytes((HOST_ADDRESS,)) + body + bytes((checksum(body),))


def long_reply(payload: bytes) -> bytes:
    """A 42-byte reply around 40 payload bytes."""
    if len(payload) != LONG_PAYLOAD:
        raise ValueError(f"a long reply carries {LONG_PAYLOAD} bytes, not {len(payload)}")
    return bytes((HOST_ADDRESS,)) + payload + bytes((checksum(payload),))


def nibbles(text: bytes) -> bytes:
    """Each byte as two bytes, high nibble first."""
    return b"".join(bytes((c >> 4, c & 0x0F)) for c in text)


def display_payload(row: str) -> bytes:
    """A display row: 20 characters (Latin-1, padded with spaces) as nibble pairs."""
    text = row.encode("latin-1")[:20].ljust(20, b" ")
    return nibbles(text)


def error_payload(code: int | None, when: datetime | None = None) -> bytes:
    """An error-log entry; ``code=None`` is the empty log (0xFF then zeros)."""
    if code is None:
        return bytes((NO_ERROR,)) + bytes(LONG_PAYLOAD - 1)
    if when is None:
        raise ValueError("an error-log entry needs its time")
    if not 0 <= code <= 0xFE:
        raise ValueError(f"error code {code} does not fit one byte below 0xFF")
    stamp = when.strftime(TIMESTAMP_FORMAT).encode("ascii")
    body = nibbles(bytes((code,))) + nibbles(stamp)
    # Bytes 33-40 are unused by every known reader; the controller's content is unknown.
    return body.ljust(LONG_PAYLOAD, b"\x00")
