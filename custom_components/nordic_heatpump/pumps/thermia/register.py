"""Where a Thermia channel lives: a Modbus address space, an address, a width."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..model import Channel


class Space(StrEnum):
    """The four Modbus tables."""

    COIL = "coil"
    DISCRETE_INPUT = "discrete_input"
    INPUT = "input"
    HOLDING = "holding"

    @property
    def is_bit(self) -> bool:
        """Whether values in this space are single bits."""
        return self in (Space.COIL, Space.DISCRETE_INPUT)

    @property
    def is_writable(self) -> bool:
        """Whether Modbus allows writing this space at all."""
        return self in (Space.COIL, Space.HOLDING)


@dataclass(frozen=True, slots=True)
class Register:
    """`count` consecutive addresses from `address` in one space (2 for a 32-bit pair)."""

    space: Space
    address: int
    count: int = 1

    @property
    def last(self) -> int:
        """The last address the value occupies."""
        return self.address + self.count - 1


type ModbusChannel = Channel[Register]
"""A channel of a Modbus family."""
