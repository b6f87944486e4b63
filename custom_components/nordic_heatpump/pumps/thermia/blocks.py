"""Grouping channels into Modbus reads the pump will answer.

A read may span undocumented addresses only inside the ranges real pumps answer
(notes §9). A channel outside every range is a range of its own: the notes say to
read those registers on their own. Within a range, reads are as large as the
range's size limit allows, up to what Modbus allows in one request.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from .connection import MODBUS_MAX_REGISTERS
from .register import ModbusChannel, Space

type Ranges = Mapping[Space, Sequence[tuple[int, int]]]

MODBUS_MAX_BITS: Final = 2000
"""Bits one FC1/FC2 read may return: the same 250-byte answer as 125 registers."""
BITS_PER_REGISTER: Final = MODBUS_MAX_BITS // MODBUS_MAX_REGISTERS
FIELD_PROVEN_READ: Final = 16
"""Addresses per read the reference library has used on real pumps (notes §6)."""


def largest_read(space: Space, max_registers: int) -> int:
    """The most addresses one read of `space` may cover, under a registers-per-read ceiling.

    Both Modbus limits are the same answer size, so a ceiling in registers allows 16
    times as many bits.
    """
    registers = max(1, min(MODBUS_MAX_REGISTERS, max_registers))
    return registers * BITS_PER_REGISTER if space.is_bit else registers


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A range of addresses a single read may cover: [first, last] in one space."""

    space: Space
    first: int
    last: int

    def __str__(self) -> str:
        """As diagnostics show it: `input 0-174`."""
        return f"{self.space} {self.first}-{self.last}"


@dataclass(frozen=True, slots=True)
class Block:
    """One read request: `count` addresses from `start`, covering `channels`, inside `span`."""

    span: Span
    start: int
    count: int
    channels: tuple[ModbusChannel, ...]

    @property
    def space(self) -> Space:
        """The Modbus table read."""
        return self.span.space


def make_block(channels: Sequence[ModbusChannel], span: Span | None = None) -> Block:
    """The smallest block covering `channels` (all of one space, sorted by address)."""
    start = channels[0].where.address
    end = max(channel.where.last for channel in channels) + 1
    if span is None:
        span = Span(channels[0].where.space, start, end - 1)
    return Block(span, start, end - start, tuple(channels))


def span_of(channel: ModbusChannel, ranges: Ranges) -> Span:
    """The documented range holding `channel`, else the channel's own addresses."""
    where = channel.where
    for first, last in ranges.get(where.space, ()):
        if first <= where.address and where.last <= last:
            return Span(where.space, first, last)
    return Span(where.space, where.address, where.last)


def pack(
    span: Span,
    channels: Sequence[ModbusChannel],
    size_of: Callable[[Span], int],
    barriers: Sequence[int] = (),
) -> Iterator[Block]:
    """Cover `channels` (inside `span`, sorted) with as few reads as the size allows.

    Lazily: the size is asked as each read starts, so a size learned while reading
    one block applies to the next. No read covers an address in `barriers`
    (sorted). A channel wider than the size is still read whole.
    """
    current: list[ModbusChannel] = []
    size = 0
    for channel in channels:
        if current:
            start = current[0].where.address
            crosses = bisect_left(barriers, start) != bisect_left(barriers, channel.where.last + 1)
            if channel.where.last + 1 - start <= size and not crosses:
                current.append(channel)
                continue
            yield make_block(current, span)
        current = [channel]
        size = size_of(span)
    if current:
        yield make_block(current, span)


def plan_blocks(
    channels: Iterable[ModbusChannel],
    ranges: Ranges,
    size_of: Callable[[Span], int],
    barriers: Iterable[ModbusChannel] = (),
) -> Iterator[Block]:
    """Group channels into as few reads as their ranges and each range's size allow.

    Lazily: `size_of` is asked as each read starts, so what reading one block
    taught applies to the next. A barrier (a register the pump rejects) is never
    covered by a read again.
    """
    by_span: dict[Span, list[ModbusChannel]] = {}
    for channel in channels:
        by_span.setdefault(span_of(channel, ranges), []).append(channel)
    holes: dict[Space, set[int]] = {}
    for barrier in barriers:
        where = barrier.where
        holes.setdefault(where.space, set()).update(range(where.address, where.last + 1))
    for span in sorted(by_span):
        members = sorted(by_span[span], key=lambda channel: channel.where.address)
        barrier_addresses = sorted(holes.get(span.space, ()))
        yield from pack(span, members, size_of, barrier_addresses)


def smaller_read(count: int, *, timed_out: bool = False) -> int:
    """The size to try after a read of `count` addresses was refused.

    A power of two below it: controllers that cap reads mostly cap them at 16, 32
    or 64. After a timeout (each costs seconds), straight down to the size field
    clients have used on these pumps for years.
    """
    if timed_out and count > FIELD_PROVEN_READ:
        return FIELD_PROVEN_READ
    return 1 << ((count - 1).bit_length() - 1) if count > 1 else 1
