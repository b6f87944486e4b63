"""The H1 line protocol: what one line from the interface says, and the bytes of a command.

Pure and total: any text gives a `Line` or None, never an exception. Splitting the byte
stream into lines (CR, LF or CRLF) is the reader's job; a line comes here without its
terminator. Values stay raw: the channel's codec decides sign, scale and "no sensor".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

CONTROLLERS: Final[Mapping[str, str]] = {
    "00": "Rego 600",
    "05": "Rego 400",
    "10": "Rego 2000",
    "30": "Rego 1000",
    "35": "Rego 800",
    "40": "NIBE EB100",
    "50": "NIBE Styr 2002",
    "60": "Thermia Diplomat",
    "70": "Thermia Villa",
}
"""The controller type an `XV` reply names (characters 2-3), by its code."""

_HEX: Final = "0123456789abcdefABCDEF"
_READING_LENGTH: Final = 10
"""`XR` + 4 hex id + 4 hex value: longer (verbose) or shorter (cut) lines are not readings."""
_CODE_LENGTH: Final = 2
"""The controller type code in an `XV` reply."""
_STATUS_COMMANDS: Final = frozenset({"XW", "XE", "XM"})


@dataclass(frozen=True, slots=True)
class Reading:
    """One register value: the 4-hex id (type digit + register) and the 16-bit word as sent."""

    id: int
    raw: int


@dataclass(frozen=True, slots=True)
class Version:
    """The `XV` reply: the controller type code and the interface's firmware."""

    controller: str
    firmware: str


@dataclass(frozen=True, slots=True)
class Listed:
    """One line of the `XL` reply: an id the interface supports and its name."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class ListEnd:
    """The line that ends the `XL` reply."""


@dataclass(frozen=True, slots=True)
class Status:
    """A status, error or message line (`XW`, `XE`, `XM`) and its text."""

    command: str
    text: str


type Line = Reading | Version | Listed | ListEnd | Status


def _is_hex(text: str) -> bool:
    # int(…, 16) also takes signs, "0x", underscores, spaces and non-ASCII digits.
    return bool(text) and not text.strip(_HEX)


def parse(line: str) -> Line | None:
    """What one line says; None for a blank line or anything not understood."""
    text = line.strip()
    head = text[:2]
    if head == "XR":
        if len(text) != _READING_LENGTH or text[2:].strip(_HEX):
            return None
        return Reading(int(text[2:6], 16), int(text[6:], 16))
    if head == "XV":
        return _version(text)
    if head == "XL":
        return _listed(text)
    if head in _STATUS_COMMANDS:
        return Status(head, text[2:].strip())
    return None


def _version(text: str) -> Version | None:
    controller = text[2:4]
    if len(controller) != _CODE_LENGTH or not controller.isascii() or not controller.isalnum():
        return None  # the bare echo of the command, or something cut
    firmware = text[4:].strip()
    if not firmware.isascii() or not firmware.isprintable():
        return None  # a cut reply run into noise
    return Version(controller, firmware)


def _listed(text: str) -> Listed | ListEnd | None:
    # The reference places the id at "characters 3-6" and the name from character 8:
    # counted from 0 (like its "characters 4-8" of XV) a separator follows XL; counted
    # from 1 the id follows XL at once. Both forms are taken.
    start = 2 if _is_hex(text[2:6]) or text[2:5] == "EOF" else 3
    if text[start : start + 3] == "EOF":
        return ListEnd()
    ident = text[start : start + 4]
    if len(text) < start + 4 or not _is_hex(ident):
        return None
    return Listed(int(ident, 16), text[start + 4 :].strip(" :"))


def request(command: str) -> bytes:
    """The bytes of a command: ASCII, ended by CR (as the H1 manual asks)."""
    if "\r" in command or "\n" in command or not command.isascii():
        msg = f"not a single ASCII command: {command!r}"
        raise ValueError(msg)
    return command.encode("ascii") + b"\r"
