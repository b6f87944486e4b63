"""What an ESPHome device's refusal of our credentials looks like.

serialx's ESPHome platform turns aioesphomeapi's errors into `SerialException`s and
keeps the original as the cause. aioesphomeapi is optional (Home Assistant's esphome
integration brings it): without it no ESPHome link opens, so nothing is refused either.
"""

from __future__ import annotations

REFUSALS: tuple[type[Exception], ...] = ()
"""A wrong password, a wrong key, or no key for a device that needs one."""

try:
    from aioesphomeapi.core import (
        InvalidAuthAPIError,
        InvalidEncryptionKeyAPIError,
        RequiresEncryptionAPIError,
    )
except ImportError:  # pragma: no cover - the test environment has it
    pass
else:
    REFUSALS = (InvalidAuthAPIError, InvalidEncryptionKeyAPIError, RequiresEncryptionAPIError)


def is_refusal(err: BaseException) -> bool:
    """Whether the error, or anything that caused it, is a refusal of our credentials."""
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        if isinstance(current, REFUSALS):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False
