"""Unit tests of pyfora.ObjectWalker: descriptors built without any engine."""
import functools
import heapq
import math
import operator
import os
import threading

import pytest

from pyfora.Exceptions import PythonToForaConversionError
from pyfora.ObjectWalker import CannotShip, ObjectWalker

LIMIT = 3
SCALE = 2.5
UNUSED_GLOBAL = object()
OPEN_FILE = open(__file__)
LOCK = threading.Lock()


def read_source():
    with open(__file__) as handle:
        return handle.read()


def teardown_module(module):
    OPEN_FILE.close()


class Sources:
    def __init__(self):
        self.calls = []

    def __call__(self, path, text):
        self.calls.append((path, text))


def make_walker(proxy=None):
    sources = Sources()
    return ObjectWalker(sources, proxy), sources


def helper(x):
    return x * SCALE


def uses_globals(n):
    total = 0
    for i in range(n):
        total = total + helper(i) + math.sqrt(i)
    return total.real + len([j for j in range(n) if j > LIMIT])


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


def with_params(a, b=2, *rest, c, d=4, **kw):
    return a


def make_adder(k):
    def add(x):
        return x + k

    return add


def make_unbound_cell():
    def inner():
        return later  # noqa: F821 - bound after inner is created

    result = inner
    if False:
        later = 1  # noqa: F841
    return result


def uses_file():
    return OPEN_FILE.read()


def uses_os():
    return os.getcwd()


def uses_lock():
    with LOCK:
        return 1


class Point:
    ORIGIN_NAME = "origin"

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return math.sqrt(self.x * self.x + self.y * self.y) * SCALE

    @staticmethod
    def unit():
        return Point(1, 0)


class Point3(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z


class MyError(ValueError):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def spec_of(desc, tag):
    assert isinstance(desc, tuple) and desc[0] == tag, desc
    return desc[1]


def test_constants_and_containers():
    walker, _ = make_walker()
    value = [1, 2.5, "s", None, True, (1, 2), {"a": [3]}, {4}, frozenset([5])]
    desc = walker.walk(value).desc
    assert desc == (
        "list",
        [
            1,
            2.5,
            "s",
            None,
            True,
            ("tuple", [1, 2]),
            ("dict", [("a", ("list", [3]))]),
            ("set", [4]),
            ("frozenset", [5]),
        ],
    )


def test_function_spec_fields_and_globals():
    walker, sources = make_walker()
    spec = spec_of(walker.walk(uses_globals).desc, "function")
    assert spec["kind"] == "def"
    assert spec["name"] == "uses_globals"
    assert spec["path"] == __file__
    assert spec["line"] == uses_globals.__code__.co_firstlineno
    assert spec["params"] == ["n"]
    # helper and math are read; LIMIT only inside the comprehension; builtins
    # (range, len) and attribute names (sqrt, real) are not globals.
    # `__name__`: the module's name goes with every function and class.
    assert set(spec["globals"]) == {"helper", "math", "LIMIT", "__name__"}
    assert spec["globals"]["__name__"] == __name__
    assert spec["globals"]["math"] == ("module", "math")
    assert spec["globals"]["LIMIT"] == 3
    helper_spec = spec_of(spec["globals"]["helper"], "function")
    assert helper_spec["globals"] == {"SCALE": 2.5, "__name__": __name__}
    assert spec["closure"] == {} and spec["defaults"] == [] and spec["kwdefaults"] == {}
    assert sources.calls == [(__file__, read_source())]


def test_source_registered_once_per_file():
    walker, sources = make_walker()
    walker.walk(uses_globals)
    walker.walk(fact)
    walker.walk(Point)
    assert [path for path, _ in sources.calls] == [__file__]


def test_params_defaults_kwdefaults():
    walker, _ = make_walker()
    spec = spec_of(walker.walk(with_params).desc, "function")
    assert spec["params"] == ["a", "b", "c", "d", "rest", "kw"]
    assert spec["defaults"] == [2]
    assert spec["kwdefaults"] == {"d": 4}


def test_lambda_kind_and_closure():
    walker, _ = make_walker()
    k = 10
    f = lambda x: x + k  # noqa: E731
    spec = spec_of(walker.walk(f).desc, "function")
    assert spec["kind"] == "lambda" and spec["name"] == "<lambda>"
    assert spec["closure"] == {"k": 10}
    adder = spec_of(walker.walk(make_adder(5)).desc, "function")
    assert adder["closure"] == {"k": 5} and adder["name"] == "add"


def test_empty_cell_is_skipped():
    walker, _ = make_walker()
    spec = spec_of(walker.walk(make_unbound_cell()).desc, "function")
    assert spec["closure"] == {}


def test_recursion_uses_refs_and_stable_ids():
    walker, _ = make_walker()
    spec = spec_of(walker.walk(fact).desc, "function")
    assert spec["globals"]["fact"] == ("ref", spec["id"])
    even = spec_of(walker.walk(is_even).desc, "function")
    odd = spec_of(even["globals"]["is_odd"], "function")
    assert odd["globals"]["is_even"] == ("ref", even["id"])
    # ids are stable across walks and map back to the objects
    again = spec_of(walker.walk(fact).desc, "function")
    assert again["id"] == spec["id"]
    assert walker.objectForId(spec["id"]) is fact


def test_class_spec():
    walker, _ = make_walker()
    spec = spec_of(walker.walk(Point).desc, "class")
    assert spec["name"] == "Point" and spec["path"] == __file__
    lines = read_source().splitlines()
    assert lines[spec["line"] - 1].startswith("class Point:")
    assert spec["bases"] == []
    assert set(spec["globals"]) == {"math", "SCALE", "Point", "__name__"}
    assert spec["globals"]["Point"] == ("ref", spec["id"])
    sub = spec_of(walker.walk(Point3).desc, "class")
    assert spec_of(sub["bases"][0], "class")["id"] == spec["id"]
    assert sub["closure"] == {}  # the __class__ cell of super() is not shipped


def test_exception_class_bases_are_builtins():
    walker, _ = make_walker()
    spec = spec_of(walker.walk(MyError).desc, "class")
    assert spec["bases"] == [("builtin", "ValueError")]


def test_instances_share_the_class_spec():
    walker, _ = make_walker()
    desc = walker.walk([Point(1, 2), Point(3, 4)]).desc
    first, second = desc[1]
    assert first[0] == "instance" and first[2] == {"x": 1, "y": 2}
    class_spec = first[1]
    assert isinstance(class_spec, dict) and class_spec["name"] == "Point"
    assert second == ("instance", ("ref", class_spec["id"]), {"x": 3, "y": 4})
    assert walker.objectForId(class_spec["id"]) is Point


def test_builtins_by_name():
    walker, _ = make_walker()
    assert walker.walk(len).desc == ("builtin", "len")
    assert walker.walk(ZeroDivisionError).desc == ("builtin", "ZeroDivisionError")
    assert walker.walk(IOError).desc == ("builtin", "OSError")


def test_modules():
    walker, _ = make_walker()
    assert walker.walk(math).desc == ("module", "math")
    assert walker.walk(functools).desc == ("module", "functools")
    with pytest.raises(PythonToForaConversionError, match="module 'os'"):
        walker.walk(os)
    # The user's own (or a third-party) module: the attributes code reads
    # on it are shipped; walked as a bare value, none are.
    kind, spec = walker.walk(pytest).desc
    assert kind == "usermodule" and spec["name"] == "pytest" and spec["attrs"] == {}


def test_unshippable_globals_name_the_variable():
    walker, _ = make_walker()
    with pytest.raises(PythonToForaConversionError) as info:
        walker.walk(uses_file, "the function")
    message = str(info.value)
    assert "global 'OPEN_FILE'" in message and "open files" in message
    assert info.value.trace[0]["path"] == __file__
    # The line that reads the global, not the def's.
    assert info.value.trace[0]["line"] == uses_file.__code__.co_firstlineno + 1
    with pytest.raises(PythonToForaConversionError, match="module 'os'"):
        walker.walk(uses_os)
    with pytest.raises(PythonToForaConversionError, match="locks"):
        walker.walk(uses_lock)


def test_unshippable_values():
    walker, _ = make_walker()
    for value, pattern in [
        ((x for x in range(3)), "generator"),
        (heapq.heappush, "import heapq"),
        (Point(1, 2).norm, "bound methods"),
        (b"bytes", "bytes"),
    ]:
        with pytest.raises(PythonToForaConversionError, match=pattern):
            walker.walk(value)


def test_builtin_values_ship_as_how_the_engine_rebuilds_them():
    walker, _ = make_walker()
    assert walker.walk(range(2, 10, 3)).desc == ("call", ("builtin", "range"), [2, 10, 3])
    assert walker.walk(ValueError("x", 1)).desc == ("call", ("builtin", "ValueError"), ["x", 1])
    assert walker.walk(str.lower).desc == ("attr", ("builtin", "str"), "lower")
    assert walker.walk(",".join).desc == ("attr", ",", "join")
    assert walker.walk(operator.itemgetter(1, 2)).desc == ("call", ("member", "operator", "itemgetter"), [1, 2])


def test_functions_of_engine_modules_go_by_name():
    walker, _ = make_walker()
    assert walker.walk(math.sqrt).desc == ("member", "math", "sqrt")
    assert walker.walk(functools.reduce).desc == ("member", "functools", "reduce")
    assert walker.walk(functools.partial).desc == ("member", "functools", "partial")
    assert walker.walk(operator.itemgetter).desc == ("member", "operator", "itemgetter")


def test_cycles_are_refused():
    walker, _ = make_walker()
    cyclic = [1]
    cyclic.append(cyclic)
    with pytest.raises(PythonToForaConversionError, match="itself"):
        walker.walk(cyclic)
    shared = [1, 2]
    # Reached twice but not a cycle: spelled out once, referred to after.
    assert walker.walk([shared, shared]).desc == ("list", [("shared", -1, ("list", [1, 2])), ("ref", -1)])
    pair = (shared, shared)  # tuples are not shared (immutable); their items are
    assert walker.walk([pair, pair]).desc == ("list", [("tuple", [("shared", -1, ("list", [1, 2])), ("ref", -1)]), ("tuple", [("ref", -1), ("ref", -1)])])


def test_source_not_available():
    walker, _ = make_walker()
    namespace = {}
    exec(compile("def f():\n    return 1\n", "<generated>", "exec"), namespace)
    with pytest.raises(PythonToForaConversionError, match="source code of function 'f'"):
        walker.walk(namespace["f"])


class Proxy:
    def __init__(self, handle):
        self.handle = handle


def test_proxy_handles():
    def proxy(obj):
        if isinstance(obj, Proxy):
            if obj.handle < 0:
                raise CannotShip("bad proxy")
            return obj.handle
        return None

    walker, _ = make_walker(proxy)
    p = Proxy(7)
    walked = walker.walk([p, {"k": p}])
    assert walked.desc == ("list", [("handle", 7), ("dict", [("k", ("handle", 7))])])
    assert walked.proxies == [p, p]
    with pytest.raises(PythonToForaConversionError, match="bad proxy"):
        walker.walk(Proxy(-1))


def test_environment_walk_shares_refs():
    walker, _ = make_walker()
    walked = walker.walkEnvironment({"f": fact, "g": fact, "n": 3}, __file__, 12)
    f_spec = spec_of(walked.desc["f"], "function")
    assert walked.desc["g"] == ("ref", f_spec["id"])
    assert walked.desc["n"] == 3
    with pytest.raises(PythonToForaConversionError) as info:
        walker.walkEnvironment({"fh": OPEN_FILE}, __file__, 12)
    assert "variable 'fh'" in str(info.value)
    assert info.value.trace == [{"path": __file__, "line": 12}]


def test_too_deep_is_a_conversion_error():
    walker, _ = make_walker()
    deep = []
    for _ in range(5000):
        deep = [deep]
    with pytest.raises(PythonToForaConversionError, match="too deeply"):
        walker.walk(deep)


def check_refs_follow_specs(desc, seen=None):
    """Depth-first, in key order: every ("ref", id) names a spec already seen."""
    seen = set() if seen is None else seen
    if isinstance(desc, dict):  # a FunctionSpec/ClassSpec used as an instance's class
        desc = ("class", desc)
    if not isinstance(desc, tuple):
        return
    tag = desc[0]
    if tag == "ref":
        assert desc[1] in seen, "ref %r before its spec" % (desc[1],)
    elif tag in ("function", "class"):
        spec = desc[1]
        seen.add(spec["id"])
        for key in ("bases", "globals", "closure", "defaults", "kwdefaults"):
            part = spec.get(key, [])
            for value in part.values() if isinstance(part, dict) else part:
                check_refs_follow_specs(value, seen)
    elif tag == "instance":
        check_refs_follow_specs(desc[1], seen)
        for value in desc[2].values():
            check_refs_follow_specs(value, seen)
    elif tag == "dict":
        for key, value in desc[1]:
            check_refs_follow_specs(key, seen)
            check_refs_follow_specs(value, seen)
    elif tag in ("list", "tuple", "set", "frozenset"):
        for value in desc[1]:
            check_refs_follow_specs(value, seen)


class Shape:
    def __init__(self, name):
        self.name = name

    def describe(self):
        return describe_shape(self)


class Square(Shape):
    def __init__(self, side):
        super().__init__("square")
        self.side = side

    def grow(self):
        return Square(self.side + 1) if isinstance(self, Shape) else None


def describe_shape(shape):
    return (type(shape).__name__, isinstance(shape, Shape), is_even(2))


def test_refs_always_follow_their_specs():
    walker, _ = make_walker()
    for value in [Square(2), [Square(1), Shape("x"), describe_shape], is_even, Point3(1, 2, 3)]:
        check_refs_follow_specs(walker.walk(value).desc)
    env = walker.walkEnvironment({"a": Square(1), "b": Shape, "c": describe_shape}, __file__, 1)
    seen = set()
    for value in env.desc.values():
        check_refs_follow_specs(value, seen)


@functools.lru_cache(maxsize=None)
def cached_square(x):
    return x * x


def test_a_function_cache_is_refused_with_a_clear_reason():
    walker, _ = make_walker()
    with pytest.raises(PythonToForaConversionError, match="lru_cache"):
        walker.walk(cached_square)


def test_generated_and_standard_library_classes_are_refused_saying_why():
    import collections
    import dataclasses
    import typing

    @dataclasses.dataclass
    class Point:
        x: int

    class Pair(typing.NamedTuple):
        a: int

    cases = [
        (Point, "is a dataclass"),
        (collections.namedtuple("Row", "a b"), "is a named tuple"),
        (Pair, "is a named tuple"),
        (collections.Counter, "comes from the standard library: module `collections` cannot be used"),
    ]
    for cls, phrase in cases:
        walker, _ = make_walker()
        with pytest.raises(PythonToForaConversionError, match=phrase):
            walker.walk(cls, "the class")
