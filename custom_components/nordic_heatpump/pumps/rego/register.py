"""Where a Rego channel lives: a read command and an address."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Channel


@dataclass(frozen=True, slots=True)
class RegoRegister:
    """What to ask for a value: a read command and the 16-bit address it takes.

    Commands: 0x00 front panel, 0x02 system register, 0x40 last error-log entry.
    """

    command: int
    address: int


type RegoChannel = Channel[RegoRegister]
"""A channel of a Rego 6xx controller."""
