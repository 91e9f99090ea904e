"""Record classes for the library: what core asks of `@dataclass`, made in a fraction of its time.

`@record` (or `@record(frozen=True)`) on a class with annotated fields gives what `dataclasses.dataclass` gives
this library: an `__init__` taking the fields in order (defaults, `field(default_factory=…)`, `field(init=False)`,
`__post_init__`), equality of the fields as tuples (`field(compare=False)` left out), a repr, and for frozen
records a hash of the fields and no assignment after `__init__`; `ClassVar` annotations are no fields. `field`,
`fields`, `replace` and `asdict` are dataclasses' own, for records. What dataclasses refuse is refused (a default
that is unhashable, a field without one after one with one). Refused because core uses none of them: inheritance
between records, `InitVar`, keyword-only fields, ordering, slots.

Why not dataclasses: `import dataclasses` brings `inspect` (with `ast`, `dis`, `tokenize`), ~7 ms, and each class
writes and compiles five to seven functions, ~0.4 ms a class: the 28 records of reading and aligning cost
`fazhi align` 17 ms at every start, a third of its own time, and the TUI's start pays it for all of core's. Here
one `__init__` is compiled a class (what runs for every instance, as fast as dataclasses'); equality, hash and
repr are shared functions reading the fields with one `attrgetter`.
"""
from __future__ import annotations

from operator import attrgetter
from reprlib import recursive_repr
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    T = TypeVar("T")

__all__ = ["record", "field", "fields", "replace", "asdict", "FrozenInstanceError", "Field", "MISSING"]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record."""


class Field:
    """One field of a record: its name, default or default factory, and whether `__init__`, repr and equality
    read it."""

    __slots__ = ("name", "default", "default_factory", "init", "repr", "compare")

    def __init__(self, default: Any = MISSING, default_factory: Callable[[], Any] = MISSING, init: bool = True,
                 repr: bool = True, compare: bool = True) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.default, self.default_factory = default, default_factory
        self.init, self.repr, self.compare = init, repr, compare

    def __repr__(self) -> str:
        return f"Field(name={self.name!r})"


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] = MISSING, init: bool = True,
          repr: bool = True, compare: bool = True) -> Any:
    """A field with more than a plain default (as dataclasses.field)."""
    return Field(default, default_factory, init, repr, compare)


def record(cls: type[T] | None = None, *, frozen: bool = False):
    """The class as a record (as dataclasses.dataclass, with `frozen`)."""
    def make(cls: type[T]) -> type[T]:
        return _make(cls, frozen)
    return make if cls is None else make(cls)


def fields(record_or_class: Any) -> tuple[Field, ...]:
    """The record's fields in order (as dataclasses.fields)."""
    try:
        return record_or_class.__record_fields__
    except AttributeError:
        raise TypeError(f"{record_or_class!r} is not a record") from None


def replace(obj: T, **changes: Any) -> T:
    """A new record like `obj` with `changes` (as dataclasses.replace): fields left out of `__init__` are made
    afresh, never copied."""
    for f in fields(obj):
        if not f.init and f.name in changes:
            raise ValueError(f"field {f.name} is declared with init=False, it cannot be specified with replace()")
        if f.init and f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def asdict(obj: Any) -> dict[str, Any]:
    """The record as a dict, records within it too, other values deep-copied (as dataclasses.asdict)."""
    if not hasattr(type(obj), "__record_fields__"):
        raise TypeError("asdict() should be called on record instances")
    return _as_value(obj)


def _as_value(value: Any) -> Any:
    if hasattr(type(value), "__record_fields__"):
        return {f.name: _as_value(getattr(value, f.name)) for f in value.__record_fields__}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a namedtuple: its constructor takes the values
        return type(value)(*[_as_value(v) for v in value])
    if isinstance(value, (list, tuple)):
        return type(value)(_as_value(v) for v in value)
    if isinstance(value, dict):
        return type(value)((_as_value(k), _as_value(v)) for k, v in value.items())
    import copy

    return copy.deepcopy(value)


def _make(cls: type[T], frozen: bool) -> type[T]:
    if any(hasattr(base, "__record_fields__") for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__name__}: a record cannot inherit another's fields (core.record has no inheritance)")
    made: list[Field] = []
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        kind = str(annotation)  # (a string under `from __future__ import annotations`, else typing's, whose str is so)
        if kind.startswith(("ClassVar", "typing.ClassVar")):
            continue
        if kind.startswith(("InitVar", "dataclasses.InitVar")):
            raise TypeError(f"{cls.__name__}.{name}: InitVar is not supported by core.record")
        value = cls.__dict__.get(name, MISSING)
        f = value if isinstance(value, Field) else Field(default=value)
        f.name = name
        if isinstance(value, Field):  # (the class keeps a plain default as dataclasses do, never a Field)
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        if f.default is not MISSING and type(f.default).__hash__ is None:  # (a list, a dict, a mutable record: shared)
            raise ValueError(f"mutable default {type(f.default)} for field {name} is not allowed: use default_factory")
        made.append(f)
    cls.__init__ = _init(cls, made, frozen)  # type: ignore[misc]
    cls.__record_fields__ = tuple(made)  # type: ignore[attr-defined]
    cls.__record_names__ = frozenset(f.name for f in made)  # type: ignore[attr-defined]
    compared = [f.name for f in made if f.compare]
    # (attrgetter of one name gives the value, of none fails: a tuple always, as dataclasses compare tuples; a
    # staticmethod, or a lambda read from an instance would be bound to it)
    cls.__record_key__ = staticmethod(attrgetter(*compared) if len(compared) > 1  # type: ignore[attr-defined]
                                      else (lambda obj, name=compared[0]: (getattr(obj, name),)) if compared
                                      else (lambda obj: ()))
    cls.__record_shown__ = tuple(f.name for f in made if f.repr)  # type: ignore[attr-defined]
    cls.__match_args__ = tuple(f.name for f in made if f.init)  # type: ignore[attr-defined]
    if "__repr__" not in cls.__dict__:
        cls.__repr__ = _repr  # type: ignore[assignment]
    if "__eq__" not in cls.__dict__:
        cls.__eq__ = _eq  # type: ignore[assignment]
    if frozen:
        if "__hash__" not in cls.__dict__:  # (a class's own hash is kept, as dataclasses keep it)
            cls.__hash__ = _hash  # type: ignore[assignment]
        cls.__setattr__ = _frozen_setattr  # type: ignore[assignment]
        cls.__delattr__ = _frozen_delattr  # type: ignore[assignment]
    elif "__hash__" not in cls.__dict__:
        # equal by value and mutable: unhashable, as dataclasses make it
        cls.__hash__ = None  # type: ignore[assignment]
    return cls


def _init(cls: type, made: list[Field], frozen: bool) -> Callable[..., None]:
    """The class's `__init__`, compiled from source as dataclasses write it: a statement a field."""
    scope: dict[str, Any] = {"MISSING": MISSING, "_setattr": object.__setattr__, "__name__": cls.__module__}
    params, body = ["self"], []
    assign = "_setattr(self, {name!r}, {value})" if frozen else "self.{name} = {value}"
    defaults_begun = False
    for k, f in enumerate(made):
        factory = f.default_factory is not MISSING
        if f.default is not MISSING:
            scope[f"_default{k}"] = f.default
        if factory:
            scope[f"_factory{k}"] = f.default_factory
        if f.init:
            if f.default is not MISSING:
                params.append(f"{f.name}=_default{k}")
            elif factory:
                params.append(f"{f.name}=MISSING")
            elif defaults_begun:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
            else:
                params.append(f.name)
            defaults_begun = defaults_begun or f.default is not MISSING or factory
            value = f"_factory{k}() if {f.name} is MISSING else {f.name}" if factory else f.name
        elif factory:
            value = f"_factory{k}()"
        elif f.default is not MISSING:
            value = f"_default{k}"
        else:
            continue  # init=False and no default: set by __post_init__, as with dataclasses
        body.append(assign.format(name=f.name, value=value))
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    source = f"def __init__({', '.join(params)}):\n    " + "\n    ".join(body or ["pass"])
    exec(source, scope)
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _eq(self: Any, other: Any) -> bool:
    if other.__class__ is self.__class__:
        key = self.__record_key__
        return key(self) == key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self))


@recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_shown__)
    return f"{self.__class__.__qualname__}({shown})"


def _frozen(self: Any, name: str) -> bool:
    """Whether `name` may not change: any attribute of a frozen record, a field of one in a plain subclass of it (as
    dataclasses have it)."""
    return "__record_fields__" in type(self).__dict__ or name in self.__record_names__


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    if _frozen(self, name):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _frozen_delattr(self: Any, name: str) -> None:
    if _frozen(self, name):
        raise FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)
