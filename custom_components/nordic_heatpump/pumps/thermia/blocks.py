"""Grouping channels into Modbus reads the pump will answer.

A read may span undocumented addresses only inside the ranges real pumps answer
(notes §9); a channel outside every range is read on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .register import ModbusChannel, Space

type Ranges = Mapping[Space, Sequence[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class Block:
    """One read request: `count` addresses from `start`, covering `channels`."""

    space: Space
    start: int
    count: int
    channels: tuple[ModbusChannel, ...]

    def halves(self) -> tuple[Block, Block]:
        """Split the block's channels in two, each half a block of its own."""
        middle = len(self.channels) // 2
        return make_block(self.channels[:middle]), make_block(self.channels[middle:])


def make_block(channels: Sequence[ModbusChannel]) -> Block:
    """The smallest block covering `channels` (all of one space)."""
    start = channels[0].where.address
    end = max(channel.where.last for channel in channels) + 1
    return Block(channels[0].where.space, start, end - start, tuple(channels))


def _range_of(channel: ModbusChannel, ranges: Ranges) -> tuple[int, int] | None:
    where = channel.where
    for first_allowed, last_allowed in ranges.get(where.space, ()):
        if first_allowed <= where.address and where.last <= last_allowed:
            return first_allowed, last_allowed
    return None


def punch_holes(ranges: Ranges, holes: Iterable[ModbusChannel]) -> Ranges:
    """The ranges with each hole's addresses cut out, so no read spans them again."""
    result = {space: list(spans) for space, spans in ranges.items()}
    for hole in holes:
        space, first, last = hole.where.space, hole.where.address, hole.where.last
        spans: list[tuple[int, int]] = []
        for start, end in result.get(space, []):
            if end < first or start > last:
                spans.append((start, end))
                continue
            if start < first:
                spans.append((start, first - 1))
            if end > last:
                spans.append((last + 1, end))
        result[space] = spans
    return result


def plan_blocks(channels: Iterable[ModbusChannel], ranges: Ranges, max_count: int) -> list[Block]:
    """Group channels into as few reads as the ranges and `max_count` allow."""
    blocks: list[Block] = []
    by_space: dict[Space, list[ModbusChannel]] = {}
    for channel in channels:
        by_space.setdefault(channel.where.space, []).append(channel)
    for space in sorted(by_space):
        current: list[ModbusChannel] = []
        current_range: tuple[int, int] | None = None
        for channel in sorted(by_space[space], key=lambda c: c.where.address):
            channel_range = _range_of(channel, ranges)
            fits = (
                current
                and channel_range is not None
                and channel_range == current_range
                and channel.where.last + 1 - current[0].where.address <= max_count
            )
            if fits:
                current.append(channel)
                continue
            if current:
                blocks.append(make_block(current))
            if channel_range is None:
                # Outside every known range: no evidence a wider read works.
                blocks.append(make_block([channel]))
                current, current_range = [], None
            else:
                current, current_range = [channel], channel_range
        if current:
            blocks.append(make_block(current))
    return blocks
