"""core.record against dataclasses: the same class written both ways behaves the same in everything core uses, and
the short commands load no dataclasses."""
from __future__ import annotations

import copy
import dataclasses
import math
import pickle
import subprocess
import sys

import pytest

from fazhi.core import record as rec


def _both(frozen: bool = False):
    """One class shape made twice: with dataclasses and with core.record."""
    made = []
    for decorate, field in ((dataclasses.dataclass(frozen=frozen), dataclasses.field),
                            (rec.record(frozen=frozen), rec.field)):
        class Shape:
            """a shape"""

            name: str
            size: float
            tags: list = field(default_factory=list)
            kind: str = "plain"
            seen: int = field(default=0, compare=False, repr=False)
            cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

            def __post_init__(self) -> None:
                object.__setattr__(self, "double", self.size * 2)

            def area(self) -> float:
                return self.size ** 2

        made.append(decorate(Shape))
    return made


CALLS = [(("a", 1.0), {}), (("a", 1.0, ["x"]), {}), (("a",), {"size": 2.0, "kind": "odd"}),
         (("a", 1.0, [], "k", 5), {}), (("b", math.nan), {})]


@pytest.mark.parametrize("frozen", [False, True])
def test_a_record_behaves_as_the_same_dataclass(frozen):
    data_cls, record_cls = _both(frozen)
    for args, kwargs in CALLS:
        d, r = data_cls(*args, **kwargs), record_cls(*args, **kwargs)
        assert vars(d) == vars(r) or (math.isnan(d.size) and math.isnan(r.size))
        assert repr(d).replace("Shape", "X") == repr(r).replace("Shape", "X")
        assert r == record_cls(*args, **kwargs)  # (NaN too: fields compare as a tuple, as dataclasses do)
        assert (d == data_cls(*args, **kwargs)) == (r == record_cls(*args, **kwargs))
        assert r.area() == d.area() or math.isnan(r.area())
        assert r.double == d.double or math.isnan(r.double)
        assert r.cache == {} and r.cache is not record_cls(*args, **kwargs).cache
        assert (r != record_cls("other", 1.0)) and (r == d) is False  # another class is never equal
        assert r.tags is not record_cls(*args, **kwargs).tags or args[2:]  # a fresh list each time
        other = record_cls(*args, **kwargs)
        if not frozen:
            other.seen = 99  # compare=False: not part of equality
            assert other == r
            with pytest.raises(TypeError):
                hash(r)
        else:
            for made in (d, r):  # (a list among the fields: unhashable both ways)
                with pytest.raises(TypeError):
                    hash(made)
            with pytest.raises(rec.FrozenInstanceError):
                r.name = "changed"
            with pytest.raises(AttributeError):  # (dataclasses' FrozenInstanceError is one too)
                del r.name
        assert copy.deepcopy(r) == r and copy.copy(r) == r
        assert rec.asdict(r) == dataclasses.asdict(d) or math.isnan(r.size)
        again = rec.replace(r, kind="new")
        assert again.kind == "new" and again.name == r.name and again.cache == {}
        assert again.double == r.double or math.isnan(r.size)
    assert [f.name for f in rec.fields(record_cls)] == [f.name for f in dataclasses.fields(data_cls)]
    assert record_cls.kind == data_cls.kind == "plain" and not hasattr(record_cls, "tags")
    with pytest.raises(TypeError):
        record_cls()  # the fields without defaults are required
    with pytest.raises(TypeError):
        record_cls("a", 1.0, unknown=1)
    with pytest.raises(ValueError):
        rec.replace(record_cls("a", 1.0), cache={})  # init=False fields are not given to replace


@rec.record(frozen=True)
class Kept:
    name: str
    parts: tuple[int, ...] = ()


def test_a_record_is_pickled_and_read_back():  # (the worker pools send records back)
    kept = Kept("a", (1, 2))
    assert hash(kept) == hash(Kept("a", (1, 2))) == hash(("a", (1, 2))) and {kept: 1}[Kept("a", (1, 2))] == 1
    assert pickle.loads(pickle.dumps(kept)) == kept
    assert pickle.loads(pickle.dumps(kept)).parts == (1, 2)


def test_records_of_one_field_or_none_compare_and_hash_as_dataclasses_do():
    """read56 #1: the key of a record comparing one field, or none, was a lambda read from the instance, so bound to
    it: comparing or hashing two raised TypeError."""
    for frozen in (False, True):
        made = []
        for decorate in (dataclasses.dataclass(frozen=frozen), rec.record(frozen=frozen)):
            class One:
                value: int
                note: str = dataclasses.field(default="", compare=False) if decorate.__module__ == "dataclasses" \
                    else rec.field(default="", compare=False)

            class Nothing:
                pass

            made.append((decorate(One), decorate(Nothing)))
        (data_one, data_none), (one, none) = made
        assert (one(1, "a") == one(1, "b")) == (data_one(1, "a") == data_one(1, "b")) is True
        assert (one(1) == one(2)) == (data_one(1) == data_one(2)) is False
        assert (none() == none()) == (data_none() == data_none()) is True
        if frozen:
            assert hash(one(1, "a")) == hash(one(1, "b")) == hash(data_one(1)) and hash(none()) == hash(data_none())
            assert {one(1): "x"}[one(1, "other")] == "x"


def test_what_dataclasses_allow_around_the_fields_is_allowed():
    """read56 #5: a ClassVar is no field; a frozen record's own hash is kept; a plain subclass of a frozen record
    sets its own attributes (never the record's fields); a record holding itself is shown without recursing."""
    from typing import ClassVar

    @rec.record(frozen=True)
    class Counted:
        name: str
        kinds: ClassVar[tuple[str, ...]] = ("a", "b")

        def __hash__(self) -> int:
            return 7

    assert [f.name for f in rec.fields(Counted)] == ["name"] and Counted.kinds == ("a", "b")
    assert hash(Counted("x")) == 7

    class Plain(Counted):
        pass

    plain = Plain("x")
    plain.extra = 1
    assert plain.extra == 1
    with pytest.raises(rec.FrozenInstanceError):
        plain.name = "y"
    with pytest.raises(rec.FrozenInstanceError):
        Counted("x").extra = 1

    @rec.record
    class Node:
        name: str
        children: list = rec.field(default_factory=list)

    node = Node("n")
    node.children.append(node)
    assert repr(node).endswith("<locals>.Node(name='n', children=[...])")
    assert Node.__init__.__module__ == __name__


def test_records_within_records_and_containers_become_dicts():
    @rec.record(frozen=True)
    class Leaf:
        value: int

    @rec.record
    class Tree:
        leaves: list[Leaf]
        by_name: dict[str, Leaf]
        pair: tuple[Leaf, int]

    tree = Tree([Leaf(1)], {"a": Leaf(2)}, (Leaf(3), 4))
    as_dict = rec.asdict(tree)
    assert as_dict == {"leaves": [{"value": 1}], "by_name": {"a": {"value": 2}}, "pair": ({"value": 3}, 4)}
    assert isinstance(as_dict["pair"], tuple)
    with pytest.raises(TypeError):
        rec.asdict({"not": "a record"})
    with pytest.raises(TypeError):
        rec.fields(object())


def test_what_dataclasses_refuse_is_refused():
    with pytest.raises(ValueError):
        @rec.record
        class Shared:
            items: list = []  # noqa: RUF012  (one list for every instance)
    with pytest.raises(ValueError):
        @rec.record
        class SharedRecord:  # (a mutable record as a default: one for every instance too)
            inner: object = _both()[1]("a", 1.0)
    with pytest.raises(TypeError):
        @rec.record
        class Order:
            first: int = 0
            second: int
    with pytest.raises(ValueError):
        rec.field(default=1, default_factory=int)
    with pytest.raises(TypeError):  # (its fields would silently be missing from the subclass's __init__)
        @rec.record
        class Longer(Kept):
            more: int = 0


def test_a_short_command_loads_neither_dataclasses_nor_openssl(tmp_path):
    """`fazhi align` and `fazhi outline` import what they use: core's records cost them no `dataclasses` (7 ms with
    `inspect`, and ~0.4 ms a class), two reports' digests no OpenSSL (core.digest: 3.5 ms)."""
    from tests.conftest import SAMPLES

    code = ("import sys; from fazhi.tui.cli import main; code = main(sys.argv[1:]); "
            "print(*(m in sys.modules for m in ('dataclasses', 'inspect', 'hashlib')), file=sys.stderr); "
            "sys.exit(code)")
    for args in (["align", SAMPLES / "jinghai_2024.txt", SAMPLES / "qingcheng_2024.txt", "--json"],
                 ["outline", SAMPLES / "qingxi_2024.txt", "--json"]):
        done = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True,
                              env={**__import__("os").environ, "FAZHI_CACHE_DIR": str(tmp_path)})
        assert done.returncode == 0, done.stderr
        assert done.stderr.split() == ["False", "False", "False"], done.stderr
