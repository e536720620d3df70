"""Enums whose members carry the words people see: labels, form choices and forgiving parsing."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Self, TypeVar, overload

Default = TypeVar("Default")


class LabelledEnum(enum.StrEnum):
    """A string enum whose members have a label (and, where a form needs one, a hint).

    A member is declared as its value alone, labelled by that value made readable
    (`TEMPORARILY_CLOSED = "temporarily_closed"` reads "Temporarily closed"), or as its value and
    label, with an optional hint: `IMMEDIATE = "immediate", "Immediate danger"`. The value alone is
    what the database, forms and the API see: the label never becomes part of it.
    """

    _value_: str
    _label: str
    _hint: str

    def __new__(cls, value: str, label: str | None = None, hint: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = value.replace("_", " ").capitalize() if label is None else label
        member._hint = hint
        return member

    @property
    def label(self) -> str:
        return self._label

    @property
    def hint(self) -> str:
        """A line under the label in a form; empty unless the member declares one."""
        return self._hint

    @classmethod
    def choices(
        cls, blank: str | None = None, *, only: Iterable[Self] | None = None
    ) -> list[tuple[str, str]]:
        """(value, label) for a form: every member, or those in `only` in its order.

        `blank` puts a ("", blank) option first, for a select that starts unchosen.
        """
        options = [(member.value, member.label) for member in (cls if only is None else only)]
        return options if blank is None else [("", blank), *options]

    @overload
    @classmethod
    def parse(cls, text: object) -> Self | None: ...

    @overload
    @classmethod
    def parse(cls, text: object, default: Default) -> Self | Default: ...

    @classmethod
    def parse(cls, text: object, default: object = None) -> object:
        """The member whose value is exactly `text`, or `default` for anything else.

        Never raises: user input may be blank, unknown, or not a string at all (a number or a
        list from JSON).
        """
        if not isinstance(text, str):
            return default
        try:
            return cls(text)
        except ValueError:
            return default

    @classmethod
    def parse_many(cls, values: Iterable[object]) -> list[Self]:
        """The members named by `values`, in their order, skipping anything unknown."""
        found = (cls.parse(value) for value in values)
        return [member for member in found if member is not None]
