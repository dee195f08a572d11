"""Conformance cases: builtin functions and functools.reduce."""

import functools


class _Thing:
    label = "thing"

    def __init__(self, n):
        self.n = n


# --- len / sum / min / max -------------------------------------------------------------

def case_builtin_len():
    return (len("abc"), len([1, 2]), len((1,)), len({"a": 1}), len({1, 2, 3}), len(range(0, 10, 2)), len(""), len(frozenset()))


def case_builtin_len_of_int_raises():
    return len(5)


def case_builtin_sum():
    return (sum([1, 2, 3]), sum([]), sum([1, 2], 10), sum([0.5, 0.25]), sum(range(101)), sum([1, 2.5]), sum([[1], [2]], []),
            sum((x for x in [True, True, False])), sum([], start=7))


def case_builtin_sum_float_order_exact():
    xs = [0.1] * 10 + [1e16, 1.0, -1e16]
    return (sum(xs), sum(reversed(xs)))


def case_builtin_sum_of_strings_raises():
    return sum(["a", "b"], "")


def case_builtin_min_max_basic():
    return (min(3, 1, 2), max(3, 1, 2), min([4, -1]), max("hello"), min("b", "a", "c"), max([1, 2.5, 2]), min((5,)))


def case_builtin_min_max_key():
    words = ["pear", "fig", "banana", "kiwi"]
    return (min(words, key=len), max(words, key=len), max(words, key=lambda w: w[-1]), min(-3, 2, -1, key=abs),
            max([(1, "b"), (1, "a")], key=lambda t: t[0]))


def case_builtin_min_max_ties_return_first():
    pairs = [(2, "first"), (1, "x"), (2, "second"), (1, "y")]
    return (max(pairs, key=lambda p: p[0]), min(pairs, key=lambda p: p[0]))


def case_builtin_min_max_default():
    return (min([], default=None), max([], default="empty"), max([3], default=0), min((), key=len, default=-1))


def case_builtin_min_of_empty_raises():
    return min([])


def case_builtin_max_no_args_raises():
    return max()


def case_builtin_max_mixed_incomparable_raises():
    return max([1, "a"])


def case_builtin_min_max_with_nan_order_dependent():
    nan = float("nan")
    return (repr(max(nan, 1.0)), repr(max(1.0, nan)), repr(min([nan, 0.0, -1.0])), repr(min([0.0, nan, -1.0])))


# --- abs / round / divmod / pow ------------------------------------------------------------

def case_builtin_abs():
    return (abs(-3), abs(3.5), abs(-0.0), abs(True), abs(-2**80), abs(float("-inf")))


def case_builtin_abs_str_raises():
    return abs("x")


def case_builtin_round_variants():
    return (round(2.5), round(3.5), round(-2.5), round(2.567, 2), round(7), round(7, 2), round(-7, -1), round(0.5 + 1e-9))


def case_builtin_divmod():
    return (divmod(17, 5), divmod(-17, 5), divmod(17.5, 5), divmod(-17, -5.0), divmod(2**70, 3), divmod(True, 2))


def case_builtin_pow():
    return (pow(2, 10), pow(2.0, -2), pow(-2, 3), pow(2, 100, 1000007), pow(7, -1, 40), pow(0, 0), pow(2, 0.5))


def case_builtin_pow_three_arg_float_raises():
    return pow(2.0, 3, 5)


# --- constructors / conversions -------------------------------------------------------------

def case_builtin_int_float_str_bool():
    return (int("12"), int(3.99), float("2.5"), float(2), str(3.0), str(-0.0), bool(""), bool("0"), bool([]), bool(None))


def case_builtin_container_constructors():
    return (tuple([1, 2]), list((3, 4)), dict([(1, 2)]), set([1, 1, 2]), frozenset("aa"), list(), tuple(), dict(), set(), frozenset())


def case_builtin_bool_of_various():
    return [bool(x) for x in (0, 1, -1, 0.0, 1e-300, "", " ", [], [0], (), {}, {0: 0}, set(), None, range(0), range(1))]


def case_builtin_type_checks():
    return (type(1) is int, type(True) is bool, type(True) is int, type(1.0).__name__, type("").__name__, type([]).__name__,
            type(()).__name__, type({}).__name__, type(set()).__name__, type(None).__name__, type(range(1)).__name__,
            type(len).__name__, type(lambda: 0).__name__, type(2**100).__name__)


def case_builtin_isinstance_builtin_types():
    return (isinstance(True, int), isinstance(1, bool), isinstance(1, (str, int)), isinstance(1.0, int), isinstance("", str),
            isinstance([], (tuple, list)), isinstance(None, object), isinstance(3, float), isinstance(frozenset(), set))


def case_builtin_issubclass_builtin_types():
    return (issubclass(bool, int), issubclass(int, bool), issubclass(int, object), issubclass(list, (tuple, list)),
            issubclass(KeyError, Exception), issubclass(float, int))


def case_builtin_isinstance_bad_second_arg_raises():
    return isinstance(1, 5)


# --- zip / enumerate / map / filter / sorted / reversed / any / all -------------------------

def case_builtin_zip():
    return (list(zip([1, 2, 3], "ab")), list(zip()), list(zip([1])), list(zip(range(3), range(3), range(3))), dict(zip("ab", [1, 2])))


def case_builtin_zip_strict_mismatch_raises():
    return list(zip([1, 2], [1], strict=True))


def case_builtin_zip_strict_ok():
    return list(zip("ab", [1, 2], strict=True))


def case_builtin_enumerate():
    return (list(enumerate("abc")), list(enumerate("ab", start=5)), list(enumerate([], 3)), list(enumerate("x", -1)))


def case_builtin_map():
    return (list(map(str, [1, 2])), list(map(lambda a, b: a * b, [1, 2, 3], [4, 5])), list(map(int, "123")), list(map(abs, (-1, 2))))


def case_builtin_filter():
    return (list(filter(None, [0, 1, "", "x", [], [0]])), list(filter(lambda x: x % 2, range(8))), list(filter(str.isdigit, "a1b2")))


def case_builtin_sorted():
    return (sorted([3, 1, 2]), sorted("cba"), sorted([3, 1, 2], reverse=True), sorted({"b": 1, "a": 2}),
            sorted([-3, 1, -2], key=abs), sorted([(1, "b"), (1, "a"), (0, "z")]), sorted([1.5, 1, True, 0]))


def case_builtin_sorted_key_none():
    return sorted([2, 1], key=None)


def case_builtin_reversed():
    return (list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed((1, 2))), list(reversed(range(3))), list(reversed({"a": 1, "b": 2})))


def case_builtin_reversed_set_raises():
    return list(reversed({1, 2}))


def case_builtin_any_all():
    return (any([]), all([]), any([0, "", None]), any([0, 1]), all([1, "a", [0]]), all([1, 0]), any(x > 2 for x in range(4)),
            all(c.isalpha() for c in "abc"))


# --- hasattr / getattr -----------------------------------------------------------------------

def case_builtin_hasattr_getattr_on_builtins():
    return (hasattr("abc", "upper"), hasattr(1, "real"), hasattr([], "nope"), getattr("abc", "upper")(), getattr(5, "nope", "dflt"),
            getattr([3, 1], "index")(1))


def case_builtin_getattr_user_instance():
    t = _Thing(4)
    return (getattr(t, "n"), getattr(t, "label"), getattr(t, "missing", None), hasattr(t, "n"), hasattr(_Thing, "n"))


def case_builtin_getattr_missing_raises():
    return getattr("abc", "nope")


def case_builtin_callable():
    return (callable(len), callable(lambda: 0), callable(5), callable(_Thing), callable(_Thing(1)), callable("s".upper))


# --- iter / next ------------------------------------------------------------------------------

def case_builtin_iter_next():
    it = iter((1, 2))
    return (next(it), next(it), next(it, "done"), next(iter("z")), next(iter(range(5, 9))))


# --- chr / ord / hash / repr ---------------------------------------------------------------------

def case_builtin_chr_ord_roundtrip():
    return [ord(chr(i)) == i for i in (0, 65, 255, 256, 0xFFFF, 0x10FFFF)]


def case_builtin_hash_of_ints_exact():
    return (hash(0), hash(1), hash(-1), hash(-2), hash(2**61 - 1), hash(2**61), hash(2**61 + 5), hash(-(2**61)),
            hash(10**30), hash(-10**30), hash(True), hash(False))


def case_builtin_hash_of_floats_exact():
    return (hash(0.5), hash(-0.5), hash(1.5), hash(1e100), hash(0.1), hash(float("inf")), hash(2.0**64))


def case_builtin_hash_strs_consistent():
    a = "pyfora"
    b = "py" + "fora"
    return (hash(a) == hash(b), hash("") == hash(""), hash("a") == hash("a"), type(hash("x")).__name__)


def case_builtin_hash_tuples_consistent():
    return (hash((1, "a")) == hash((1, "a")), hash((1, 2)) == hash((1.0, 2.0)), hash(()) == hash(tuple()))


def case_builtin_hash_unhashable_raises():
    return hash({})


def case_builtin_repr():
    return (repr(1), repr(-1.5), repr("q"), repr(None), repr(True), repr([1, "a"]), repr((1,)), repr({"k": (1, 2.0)}), repr(2**70),
            repr([]), repr(()), repr(1e-7), repr([float("inf")]))


def case_builtin_str_vs_repr_nested():
    x = ["a", ("b", 1.0)]
    return (str(x), repr(x), str("a"), repr("a"))


def case_builtin_type_name_of_user_instance():
    t = _Thing(1)
    return (type(t).__name__, type(t) is _Thing, isinstance(t, _Thing), type(_Thing).__name__)


# --- functools.reduce ------------------------------------------------------------------------------

def case_builtin_reduce_sum_product():
    xs = [1, 2, 3, 4, 5]
    return (functools.reduce(lambda a, b: a + b, xs), functools.reduce(lambda a, b: a * b, xs, 1), functools.reduce(lambda a, b: a * b, xs, 0))


def case_builtin_reduce_initial_only():
    return (functools.reduce(lambda a, b: a + b, [], "init"), functools.reduce(lambda a, b: a + b, [7]))


def case_builtin_reduce_order_left_fold():
    return (functools.reduce(lambda acc, x: "(" + acc + x + ")", "abc"), functools.reduce(lambda acc, x: acc * 10 + x, [1, 2, 3], 0),
            functools.reduce(lambda acc, x: [x] + acc, [1, 2, 3], []))


def case_builtin_reduce_empty_no_initial_raises():
    return functools.reduce(lambda a, b: a, [])


# --- bin/oct/hex/format/divmod misc ---------------------------------------------------------------

def case_builtin_bin_oct_hex():
    return (bin(0), bin(5), bin(-5), oct(0), oct(9), hex(0), hex(-1), hex(2**64))


def case_builtin_hex_of_float_raises():
    return hex(1.5)


def case_builtin_format():
    return (format(3.14159, ".2f"), format(10, "b"), format(10, "08b"), format("x", "^5"), format(1e-5, "g"), format(True), format(255, "X"))


def case_builtin_int_with_base_builtin():
    return (int("ff", 16), int("-101", 2), int("zz", 36), int("  12 ", 10))


def case_builtin_int_invalid_base_raises():
    return int("1", 1)


def case_builtin_list_of_map_str():
    return "".join(map(str, range(5)))


def case_builtin_slice_object():
    s = slice(1, 5, 2)
    xs = list(range(10))
    return (xs[s], (s.start, s.stop, s.step), "abcdef"[slice(None, None, -2)], s.indices(3))


def case_builtin_sum_of_big_and_small():
    return (sum([2**64, -2**64, 1]), sum([10**20, 0.5]), sum(i * i for i in range(1000)))


def case_builtin_max_of_strings_unicode():
    return (max(["apple", "\u00e9clair", "zebra"]), min(["B", "a", "_"]))


def case_builtin_isinstance_with_exception_classes():
    e = KeyError("k")
    return (isinstance(e, LookupError), isinstance(e, Exception), isinstance(e, (ValueError, KeyError)), isinstance(e, IndexError))


def case_builtin_round_ndigits_none():
    return (round(2.5, None), type(round(2.5, None)).__name__, round(1234, None))


def case_builtin_ord_of_surrogate_and_high():
    return (ord("\ud800"), ord("\U0010ffff"), chr(0xd800) == "\ud800")


def case_builtin_dict_from_kwargs_and_iterable():
    return (dict(a=1, b=dict(c=2)), dict([["x", 1], ("y", 2)]), dict(zip(range(3), "abc")))


def _type_error_or_value(f):
    try:
        return f()
    except TypeError:
        return "TypeError"


def case_builtins_refuse_keywords_they_do_not_take():
    import functools
    import math
    calls = [
        lambda: sorted([3, 1, 2], reversed=True),
        lambda: sorted([3, 1, 2], key=lambda x: -x, reverse=True),
        lambda: sum([1, 2], starts=10),
        lambda: sum([1, 2], start=10),
        lambda: round(2.567, digits=1),
        lambda: round(2.567, ndigits=1),
        lambda: math.perm(5, k=2),
        lambda: functools.reduce(max, [1], initial=0),
        lambda: math.isclose(1.0, 1.0 + 1e-12, rel_tol=1e-9),
        lambda: math.prod([2, 3], start=2),
        lambda: [3, 1].sort(reversed=True),
        lambda: max([], default=7),
        lambda: len(obj=[1]),
        lambda: math.sqrt(x=4),
        lambda: list(enumerate("ab", start=1)),
    ]
    return [_type_error_or_value(f) for f in calls]


def case_constructors_take_only_their_own_keywords():
    calls = [
        lambda: str(object=5),
        lambda: int(x="5"),
        lambda: int("101", base=2),
        lambda: list(iterable=[1]),
        lambda: float(x=1),
        lambda: dict(a=1, b=2),
        lambda: tuple(iterable=(1,)),
        lambda: str(5, object=6),
    ]
    return [_type_error_or_value(f) for f in calls]


# --- loops that unpack each item of zip / enumerate / dict.items ------------------------


def _unpacking_loops(xs, ys):
    out = []
    for i, x in enumerate(xs):
        out.append((i, x))
    for a, b in zip(xs, ys):
        out.append(a * b)
    for a, b, c, d in zip(xs, ys, xs, "wxyz"):
        out.append((a, b, c, d))
    for a, b, c, d, e in zip(xs, xs, xs, xs, ys):
        out.append(a + e)
    for k, v in {"p": 1, "q": 2}.items():
        out.append(k * v)
    for i, (a, b) in enumerate(zip(xs, ys)):
        out.append(i + a - b)
    for a, b in zip((x * 2 for x in xs), ys):
        out.append(a + b)
    return out, a, b, i


def case_unpacking_loops_over_zip_enumerate_items():
    return _unpacking_loops([1, 2, 3], (4.5, 5.5, 6.5, 7.5)), _unpacking_loops([7], [1])


def case_unpacking_loop_shared_iterator_consumed_as_cpython():
    it = iter([1, 2, 3, 4])
    firsts = [a + b for a, b in zip(it, [10])]
    return firsts, list(it)


def case_unpacking_loop_wrong_width_raises():
    out = []
    for a, b in zip([1, 2], [3, 4], [5, 6]):
        out.append(a)
    return out


def case_unpacking_loop_inner_error_raises():
    def gen():
        yield 1
        raise KeyError("inner")

    return [a + b for a, b in zip([1, 2, 3], gen())]


def case_unpacking_loop_enumerate_start_and_strings():
    return [(i, c) for i, c in enumerate("héllo", 10)], sum(i * v for i, v in enumerate([0.5, 1.5, 2.5]))


def case_enumerate_counts_past_64_bits():
    return list(enumerate("abc", 2**63 - 2)), list(enumerate("ab", 2**64)), list(enumerate("ab", -(2**70)))


class _DivPow:
    def __divmod__(self, other):
        return ("divmod", other)

    def __rdivmod__(self, other):
        return ("rdivmod", other)

    def __pow__(self, exponent, modulo=None):
        return ("pow", exponent, modulo)


def case_divmod_and_three_argument_pow_call_the_dunders():
    return divmod(_DivPow(), 3), divmod(3, _DivPow()), pow(_DivPow(), 2, 5), pow(_DivPow(), 2), _DivPow() ** 3


def case_divmod_of_an_instance_without_the_dunder_raises():
    return divmod(object(), 3)


def case_methods_through_their_types():
    d = {"a": 1}
    return (
        list(map(int.bit_length, [0, 1, 255, -1024])),
        float.is_integer(2.0),
        dict.get(d, "a"),
        dict.get(d, "z", 0),
        set.union({1}, {2}, [3]),
        frozenset.issubset(frozenset({1}), {1, 2}),
        list.count([1, 1, 2], 1),
        tuple.index((5, 6), 6),
        int.bit_length(True),
        sorted(map(str.lower, ["B", "a"])),
        hasattr(int, "bit_length"),
        hasattr(list, "append"),
        hasattr(dict, "nope"),
    )


def case_method_through_the_wrong_type_raises():
    return int.bit_length(2.5)


def case_builtins_take_their_parameters_by_name():
    import itertools
    import math

    return (
        round(number=2.675, ndigits=2),
        round(number=3.5),
        pow(base=2, exp=10, mod=1000),
        pow(2, exp=3),
        functools.partial(pow, 2)(exp=5),
        list(enumerate(iterable="ab", start=1)),
        math.isclose(a=1.0, b=1.0),
        list(itertools.repeat(object="x", times=2)),
    )


def case_round_given_number_twice_raises():
    return round(2.5, number=3.5)


def case_pow_missing_base_raises():
    return pow(exp=3)


def case_str_and_bool_of_one_argument():
    class Shown:
        def __str__(self):
            return "shown"

        def __len__(self):
            return 0

    xs = [1, 2]
    out = [str(3), str(2.5), str(None), str(xs), str(Shown()), bool(0), bool("x"), bool(Shown()), bool(xs)]
    xs.append(3)
    return out, xs


def case_builtin_protocol_methods_of_builtin_values():
    d = {"b": 2, "a": 1, "c": 0}
    xs = [10, 20, 30]
    words = ["aa", "b", "cccc"]
    return (
        sorted(d, key=d.__getitem__),
        list(map(xs.__getitem__, [2, 0])),
        list(map(str.__len__, words)),
        "ab".__len__(),
        (2.7).__trunc__(),
        (2.7).__floor__(),
        (-2.5).__ceil__(),
        (-3).__abs__(),
        (-3).__neg__(),
        xs.__contains__(20),
        d.__len__(),
        (2.5).__round__(),
        (2.567).__round__(2),
        xs.__iter__().__next__(),
        "x".__repr__(),
        (1.5).__str__(),
        (0.0).__bool__(),
        (7).__index__(),
        range(3).__len__(),
    )


def case_builtin_protocol_method_of_a_missing_key_raises():
    d = {"a": 1}
    return d.__getitem__("b")


def case_builtin_operator_methods_of_numbers_and_sequences():
    import functools

    return (
        (3).__add__(4),
        (3).__radd__(4),
        (3).__add__(2.5) is NotImplemented,
        (2.5).__add__(3),
        (7).__rsub__(10),
        (7).__truediv__(2),
        (7).__floordiv__(2),
        (7).__rpow__(2),
        (7).__and__(3),
        (6).__xor__(True),
        (7).__divmod__(2),
        (1).__eq__(1.0) is NotImplemented,
        (1.0).__eq__(1),
        (2).__lt__(3),
        "ab".__add__("cd"),
        "ab".__mul__(3),
        "%d items".__mod__(4),
        [1].__add__([2]),
        (1,).__eq__([1]) is NotImplemented,
        "a".__lt__(1) is NotImplemented,
        "a".__lt__("b"),
        functools.reduce(int.__add__, [1, 2, 3]),
        list(map(str.__add__, ["a", "b"], ["x", "y"])),
    )


def case_builtin_operator_method_of_a_str_with_an_int_raises():
    return "a".__add__(1)


def case_builtin_id_follows_identity():
    a = [1, 2]
    b = a
    c = [1, 2]
    nodes = [a, c, a, (1, 2), "ab", "ab" + "c"]
    seen = {}
    for n in nodes:
        seen[id(n)] = n
    return (id(a) == id(b), id(a) == id(c), id(None) == id(None), id(5) == id(5), len(seen), id(a) > 0, isinstance(id(3.5), int))


def case_builtin_types_have_their_instances_methods():
    names = ["update", "fromkeys", "__or__", "__len__", "__iter__", "__and__", "__sub__", "real", "start", "index", "__invert__", "__int__", "fromhex", "__contains__"]
    types = [dict, set, frozenset, int, float, range, list, tuple, str, bool]
    # (Types have `__or__` from 3.10 on, for `int | str`: not compared.)
    have = {t.__name__: [n for n in names if n != "__or__" and hasattr(t, n)] for t in types}
    samples = [{}, {1}, frozenset(), 5, 1.5, range(3), [1], (1,), "a", True]
    inst = [[n for n in names if hasattr(s, n)] for s in samples]
    return have, inst


def case_builtin_dunder_methods_called_directly():
    return (
        {1, 2}.__and__({2, 3}),
        {1, 2}.__or__(frozenset({3})),
        frozenset({1, 2}).__sub__({1}),
        {1}.__xor__({2}),
        {1}.__and__([1]) is NotImplemented,
        {"a": 1}.__or__({"b": 2}),
        (5).__invert__(),
        True.__invert__(),
        (2.5).__int__(),
        float.__int__(-3.7),
        {}.fromkeys("ab", 0),
        (1.5).fromhex("0x1p1"),
        set.__len__({1, 2, 3}),
        list(set.__iter__({4})),
        range.index(range(0, 10, 2), 4),
        dict.__or__({1: 2}, {3: 4}),
    )
