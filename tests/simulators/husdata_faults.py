"""Faults of a Husdata H1 line that tests switch on and off while the simulator runs.

A fault acts on *events*: each line the interface is about to send (an answer, a dump
line, a pushed change) is one event. Set an attribute to keep a fault on until
``clear()``, or use ``for_next(n, ...)`` to limit it to the next ``n`` lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, Final, Literal

from .husdata_wire import Garbage

type Cut = Literal["pause", "merge"]


@dataclass
class Faults:
    """What goes wrong with the next lines (see the module docstring)."""

    silent: bool = False
    """Send nothing: no answers, no dump, no pushes (commands are still logged)."""
    garbage: Garbage | None = None
    """Junk line(s) of this kind sent before the line (see ``husdata_wire.garbage``)."""
    cut: Cut | None = None
    """``pause``: half the line, ``cut_pause`` seconds of quiet, then the rest.
    ``merge``: half the line without its end; the next line follows straight on."""
    cut_pause: float = 0.3
    drop: bool = False
    """Instead of the line, close the TCP connection; on the pty the line is not sent."""
    cr_only: bool = False
    """End the line with CR alone instead of CR LF."""
    drop_mid_line: bool = False
    """Send half the line, then close the TCP connection (on the pty the rest is lost)."""
    delay: float = 0.0
    """Seconds to wait before sending each line (the lines behind it wait too). Read as
    the line goes out: switched off, it releases the lines held back at once."""
    _left: dict[str, int] = field(default_factory=dict, repr=False)

    def for_next(self, lines: int, **faults: Any) -> None:
        """Switch on ``faults`` (name=value) for the next ``lines`` lines only."""
        if lines < 1:
            raise ValueError("a fault lasts at least one line")
        for name, value in faults.items():
            if name not in _FAULT_NAMES:
                raise TypeError(f"unknown fault {name!r}")
            setattr(self, name, value)
            self._left[name] = lines

    def take(self) -> Faults:
        """The faults in force for one line; counts limited faults down."""
        now = replace(self, _left={})
        for name in list(self._left):
            self._left[name] -= 1
            if self._left[name] == 0:
                del self._left[name]
                setattr(self, name, _DEFAULTS[name])
        return now

    def clear(self) -> None:
        """Switch every fault off."""
        for name, value in _DEFAULTS.items():
            setattr(self, name, value)
        self._left.clear()


_DEFAULTS: Final[dict[str, Any]] = {
    f.name: f.default for f in fields(Faults) if not f.name.startswith("_")
}
_FAULT_NAMES: Final = frozenset(_DEFAULTS)
