"""Finding one item of the staff snapshot by id, for endpoints that answer with the item they changed."""

from collections.abc import Iterable
from typing import Protocol, TypeVar

from facilitator.errors import NotFound


class HasId(Protocol):
    @property
    def id(self) -> str: ...


Item = TypeVar('Item', bound=HasId)


def by_id(items: Iterable[Item], item_id: str, missing: str, code: str) -> Item:
    """The item with this id, or 404 with the `missing` message and error `code`."""
    for item in items:
        if item.id == item_id:
            return item
    raise NotFound(missing, code=code)
