"""Unit tests of pyfora.ObjectRebuilder: descriptors coming back from the engine."""
import math

import pytest

from pyfora.Exceptions import ForaToPythonConversionError
from pyfora.ObjectRebuilder import ObjectRebuilder


class Thing:
    def __init__(self, a):
        self.a = a


class Failure(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


REGISTRY = {1: Thing, 2: Failure}


def rebuilder():
    return ObjectRebuilder(REGISTRY.__getitem__)


def test_containers_and_constants():
    r = rebuilder()
    desc = ("list", [1, ("tuple", [2.5, "s"]), ("dict", [(None, True)]), ("set", [3]), ("frozenset", [4])])
    assert r.rebuild(desc) == [1, (2.5, "s"), {None: True}, {3}, frozenset([4])]
    assert r.rebuild(("builtin", "len")) is len
    assert r.rebuild(("module", "math")) is math


def test_instances_by_class_id():
    r = rebuilder()
    for slot in (1, ("ref", 1), {"id": 1}):
        thing = r.rebuild(("instance", slot, {"a": ("list", [1])}))
        assert type(thing) is Thing and thing.a == [1]
    error = r.rebuild(("instance", 2, {"code": 5, "args": ("tuple", [5])}))
    assert type(error) is Failure and error.args == (5,) and error.code == 5
    with pytest.raises(ForaToPythonConversionError):
        r.rebuild(("instance", 99, {}))
    with pytest.raises(ForaToPythonConversionError):
        r.rebuild(("generator", 1))


def test_exceptions():
    r = rebuilder()
    exc = r.rebuildException("KeyError", ["k"], None)
    assert type(exc) is KeyError and exc.args == ("k",)
    # A user's class gets its attributes from the engine, not by running
    # its __init__ again.
    exc = r.rebuildException("Failure", [7], 2, None, {"code": 7})
    assert type(exc) is Failure and exc.code == 7 and exc.args == (7,)
    exc = r.rebuildException("DefinedRemotely", ["x"], None)
    assert type(exc).__name__ == "DefinedRemotely" and isinstance(exc, Exception) and exc.args == ("x",)
