"""How large a read each range takes, learned from the reads a pump refused.

Reads start at the ceiling (by default the Modbus maximum). A read the pump
answers with an exception states a limit for its range: it is kept.

A read the pump lets time out may have met a limit or a passing link fault, and
each costs seconds. So a size learned from timeouts is also where the other
ranges of that Modbus table start (a controller that drops large reads drops them
everywhere), and it is tried twice as large again after a while; a larger read
that times out once more confirms the limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .blocks import Span, largest_read

RETRY_LARGER_AFTER: Final = 600.0
"""Seconds before a range whose reads timed out is given a read twice as large."""


@dataclass(slots=True)
class _Learned:
    size: int
    from_timeouts: bool
    retry_larger_at: float | None = None
    """When to try a larger read; None once the limit is certain or while trying."""
    tried_from: int | None = None
    """While a larger read is being tried: the size before."""


class ReadSizes:
    """The largest read to try in each range (a `Span`)."""

    def __init__(self, max_registers: int) -> None:
        """Start every range at the ceiling `max_registers` allows."""
        self._max_registers = max_registers
        self._learned: dict[Span, _Learned] = {}

    def ceiling(self, span: Span) -> int:
        """The most a read in `span` may cover before anything is learned."""
        return largest_read(span.space, self._max_registers)

    def __call__(self, span: Span) -> int:
        """The largest read to plan in `span`."""
        learned = self._learned.get(span)
        if learned is not None:
            return learned.size
        # Sizes other ranges of this table learned from timeouts (not while they try larger).
        hints = [
            other.size if other.tried_from is None else other.tried_from
            for other_span, other in self._learned.items()
            if other_span.space is span.space and other.from_timeouts
        ]
        return min([self.ceiling(span), *hints])

    def start_poll(self, now: float) -> None:
        """Let one range whose size came from timeouts try a read twice as large.

        One range a poll: each try may cost a timeout.
        """
        for span, learned in self._learned.items():
            if learned.retry_larger_at is not None and learned.retry_larger_at <= now:
                learned.tried_from = learned.size
                learned.size = min(self.ceiling(span), learned.size * 2)
                learned.retry_larger_at = None
                return

    def refused(self, span: Span, size: int, now: float, *, timed_out: bool) -> None:
        """Reads in `span` larger than `size` were refused, and reads of `size` answered."""
        learned = self._learned.get(span)
        if learned is None:
            retry_at = now + RETRY_LARGER_AFTER if timed_out else None
            self._learned[span] = _Learned(size, timed_out, retry_at)
            return
        # The pump said so, or a larger read timed out once more: a real limit.
        certain = not timed_out or learned.retry_larger_at is None
        if learned.tried_from is not None:
            size = max(size, learned.tried_from)  # that size worked before the try
        learned.size = min(learned.size, size)
        learned.from_timeouts = learned.from_timeouts and timed_out
        learned.tried_from = None
        learned.retry_larger_at = None if certain else now + RETRY_LARGER_AFTER

    def answered(self, span: Span, count: int, now: float) -> None:
        """A read of `count` addresses in `span` was answered."""
        learned = self._learned.get(span)
        if learned is None or learned.tried_from is None or count <= learned.tried_from:
            return
        # The larger read worked: the timeouts were the link. Keep growing.
        if learned.size >= self.ceiling(span):
            del self._learned[span]
        else:
            learned.tried_from = None
            learned.retry_larger_at = now + RETRY_LARGER_AFTER

    def learned(self) -> dict[str, int]:
        """Every range read in smaller blocks than the ceiling, for diagnostics."""
        return {str(span): learned.size for span, learned in sorted(self._learned.items())}
