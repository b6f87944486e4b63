"""The registry of pump families: family key -> descriptor."""

from __future__ import annotations

from collections.abc import Callable

from .descriptor import FamilyDescriptor
from .husdata.family import HUSDATA
from .rego.family import REGO
from .thermia.family import THERMIA

_FAMILIES: dict[str, FamilyDescriptor] = {}


def register(descriptor: FamilyDescriptor) -> Callable[[], None]:
    """Add a family; returns what removes it again."""
    if descriptor.key in _FAMILIES:
        msg = f"family {descriptor.key!r} is already registered"
        raise ValueError(msg)
    _FAMILIES[descriptor.key] = descriptor

    def unregister() -> None:
        _FAMILIES.pop(descriptor.key, None)

    return unregister


def families() -> list[FamilyDescriptor]:
    """Every registered family, in menu order."""
    return sorted(_FAMILIES.values(), key=lambda family: (family.order, family.key))


def find(key: object) -> FamilyDescriptor | None:
    """The family with this key, or None."""
    return _FAMILIES.get(key) if isinstance(key, str) else None


def get(key: str) -> FamilyDescriptor:
    """The family with this key; an unknown key is an error."""
    family = find(key)
    if family is None:
        msg = f"unknown pump family {key!r}"
        raise KeyError(msg)
    return family


register(THERMIA)
register(REGO)
register(HUSDATA)
