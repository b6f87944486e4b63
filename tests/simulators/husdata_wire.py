"""The text lines of the Husdata H1 protocol, as the interface writes and reads them.

Written from the protocol reference (part B) only. Everything is ASCII; numbers are
upper-case hex. Commands from the host end with CR (openHAB sends CR LF, so LF alone and
CR LF are accepted too); lines from the interface end with CR LF.
"""

from __future__ import annotations

import random
import string
from typing import Final, Literal, get_args

CRLF: Final = b"\r\n"
CR: Final = b"\r"
LIST_END: Final = "XLEOF"
"""The last line of an ``XL`` listing: ``EOF`` at characters 3-5."""
MAX_COMMAND: Final = 64
"""A longer run of bytes without a line end is noise, not a command: it is dropped."""

CONTROLLERS: Final = {  # B.3, for what the command line prints
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

type Garbage = Literal["printable", "non_hex", "short", "long", "binary", "all"]
GARBAGE_KINDS: Final[tuple[Garbage, ...]] = get_args(Garbage.__value__)

# Ten characters each, ``XR`` + id + four characters that are not four hex digits, yet
# some of them pass a lax int(text, 16): "0x1F", "-001", "1_2A", " 12 ".
_NON_HEX_VALUES: Final = ("0x1F", "-001", "1_2A", " 12 ", "GHIJ", "12.5")


def to_word(raw: int) -> int:
    """A raw value as the unsigned 16-bit word on the line (negatives as two's complement)."""
    if not -0x8000 <= raw <= 0xFFFF:
        raise ValueError(f"{raw} does not fit a 16-bit word")
    return raw & 0xFFFF


def signed16(word: int) -> int:
    """A 16-bit word read as two's complement."""
    return word - 0x10000 if word & 0x8000 else word


def reading(ident: int, word: int) -> str:
    """The 10-character ``XR`` line of one id and value (B.4)."""
    return f"XR{ident:04X}{to_word(word):04X}"


def version(controller: str, firmware: str) -> str:
    """The ``XV`` reply: controller type (2 characters) and firmware (B.3)."""
    return f"XV{controller}{firmware}"


def listed(ident: int, name: str) -> str:
    """One line of the ``XL`` reply: id at characters 3-6, name from character 8."""
    return f"XL{ident:04X} {name}"


class CommandSplitter:
    """Turns received bytes into command lines (CR, LF or CR LF ends one)."""

    def __init__(self) -> None:
        """Start with an empty buffer."""
        self._buffer = b""
        self.dropped = bytearray()
        """Bytes thrown away: overlong lines without a line end."""

    def feed(self, data: bytes) -> list[str]:
        """The complete, non-blank command lines ``data`` finishes, stripped."""
        self._buffer += data.replace(b"\r\n", b"\r").replace(b"\n", b"\r")
        *lines, self._buffer = self._buffer.split(b"\r")
        if len(self._buffer) > MAX_COMMAND:
            self.dropped += self._buffer
            self._buffer = b""
        texts = (line.decode("ascii", errors="replace").strip() for line in lines)
        return [text for text in texts if text]


def garbage(kind: Garbage, rng: random.Random, ident: int, word: int) -> list[bytes]:
    """Junk lines (with their CR LF) sent ahead of the line for ``ident`` / ``word``.

    The XR-shaped kinds carry a real id, so a lax reader would publish a wrong value for
    a channel it knows: ``non_hex`` a value that is not 4 hex digits, ``short`` the true
    line one character short (9), ``long`` one character too many (11).
    """
    if kind == "all":
        return [line for one in GARBAGE_KINDS[:-1] for line in garbage(one, rng, ident, word)]
    line = reading(ident, word)
    if kind == "printable":
        # Printable junk that never starts with X, so it cannot pass for a reply.
        alphabet = string.ascii_letters + string.digits + string.punctuation + " "
        text = rng.choice("ABCDEFGHIJKLMNOPQRSTUVWYZ") + "".join(
            rng.choice(alphabet) for _ in range(rng.randint(4, 30))
        )
        return [text.encode("ascii") + CRLF]
    if kind == "non_hex":
        return [f"XR{ident:04X}{value}".encode("ascii") + CRLF for value in _NON_HEX_VALUES]
    if kind == "short":
        return [line[:-1].encode("ascii") + CRLF]
    if kind == "long":
        return [line.encode("ascii") + b"0" + CRLF]
    noise = bytes(
        rng.choice([*range(0x01, 0x0A), *range(0x0E, 0x20), *range(0x7F, 0x100)]) for _ in range(12)
    )
    return [b"\x00\xff\x80XR\xfe" + noise + CRLF]
