"""pymodbus's warnings and errors about our own links stay out of the log.

pymodbus logs a refused connection, a silent pump or a stray frame at WARNING or ERROR
(logger "pymodbus.logging"); the client turns each of those into a PumpError that the
config flow shows in its form or the coordinator reports, so the same fault would be told
twice, the second time as an error in the log for a mistyped address. Records raised while
one of our clients talks are dropped, unless the user turned pymodbus's debug log on; other users
of pymodbus in the same Home Assistant keep theirs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
import logging
from typing import Final

PYMODBUS_LOGGER: Final = logging.getLogger("pymodbus.logging")

_ours: ContextVar[bool] = ContextVar("nordic_heatpump_modbus", default=False)


class _QuietForOurLinks(logging.Filter):
    """Drops pymodbus's records raised on our links while its debug logging is off."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not _ours.get() or _debugging()


def _debugging() -> bool:
    """Whether the user asked for pymodbus's debug log (a level set on it, not the root's)."""
    logger: logging.Logger | None = PYMODBUS_LOGGER
    while logger is not None and logger is not logging.root:
        if logger.level:
            return logger.level <= logging.DEBUG
        logger = logger.parent
    return False


_FILTER: Final = _QuietForOurLinks()


@contextmanager
def our_link() -> Iterator[None]:
    """Mark what runs inside (and the callbacks of links opened there) as ours."""
    if _FILTER not in PYMODBUS_LOGGER.filters:
        PYMODBUS_LOGGER.addFilter(_FILTER)
    token = _ours.set(True)
    try:
        yield
    finally:
        _ours.reset(token)
