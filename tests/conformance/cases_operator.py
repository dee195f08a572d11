"""The `operator` module: operators as functions, itemgetter, attrgetter
and methodcaller (as `key=` functions and with `functools.reduce`)."""

import functools
import operator
from operator import attrgetter, itemgetter, methodcaller


class _Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
        self.inner = _Inner(x * y)


class _Inner:
    def __init__(self, v):
        self.v = v


_ROWS = [("b", 3, 2.5), ("a", 1, 9.0), ("c", 2, -1.0), ("a", 0, 4.0)]


def case_operator_functions():
    return (
        operator.add(2, 3), operator.sub(2.5, 1), operator.mul("ab", 3), operator.truediv(7, 2), operator.floordiv(-7, 2),
        operator.mod(-7, 3), operator.pow(2, 10), operator.neg(4), operator.pos(-1.5), operator.abs(-3), operator.invert(5),
        operator.not_([]), operator.truth("x"), operator.lt(1, 2), operator.le(2, 2), operator.eq("a", "a"), operator.ne(1, 1.0),
        operator.gt(3, 2.5), operator.ge(1, 2), operator.and_(12, 10), operator.or_(12, 3), operator.xor(5, 1),
        operator.lshift(1, 70), operator.rshift(1024, 3), operator.concat([1], [2]), operator.contains([1, 2], 2),
        operator.getitem({"k": 5}, "k"), operator.is_(None, None), operator.is_not(1, None), operator.index(True),
    )


def case_operator_with_reduce_and_sorting():
    return (
        functools.reduce(operator.add, range(10)),
        functools.reduce(operator.mul, [1.5, 2, 3]),
        sorted(_ROWS, key=itemgetter(1)),
        sorted(_ROWS, key=itemgetter(0, 2)),
        max(_ROWS, key=operator.itemgetter(2)),
        [itemgetter(slice(1, None))(r) for r in _ROWS],
        sorted([_Point(3, 1), _Point(1, 2)], key=attrgetter("x"))[0].y,
        [attrgetter("x", "inner.v")(p) for p in [_Point(2, 5), _Point(1, 1)]],
        [methodcaller("upper")(s) for s in ["ab", "c"]],
        methodcaller("split", ",", maxsplit=1)("a,b,c"),
        list(map(operator.neg, [1, -2, 3])),
    )


def case_operator_concat_of_numbers_raises():
    return operator.concat(1, 2)


def case_itemgetter_missing_key_raises():
    return itemgetter("missing")({"k": 1})


def case_operator_in_place_functions():
    x = operator.iadd(3, 4)
    return (
        x,
        operator.iconcat((1,), (2,)),
        operator.imul("ab", 2),
        operator.ior({1}, {2}),
        operator.iadd([1], (2, 3)),
        operator.isub(5, 1.5),
        operator.ipow(2, 10),
        operator.itruediv(1, 4),
        operator.ifloordiv(-7, 2),
        operator.imod(-7, 2),
        operator.ilshift(1, 3),
        operator.irshift(16, 2),
        operator.iand(6, 3),
        operator.ixor(6, 3),
    )


def case_operator_dunder_spellings():
    return (
        operator.__add__(1, 2),
        operator.__and__(6, 3),
        operator.__not__(0),
        operator.__getitem__([1, 2], 1),
        operator.__inv__(5),
        operator.__invert__(5),
        operator.__eq__(1, 1.0),
        operator.__abs__(-2),
        operator.__iadd__(1, 1),
        operator.__contains__("abc", "b"),
        operator.__concat__([1], [2]),
        operator.__index__(True),
    )


def case_operator_setitem_and_delitem_on_new_containers():
    return operator.setitem({}, 1, 2), operator.delitem([1, 2], 0), operator.delitem({1: 2}, 1)


def case_operator_delitem_missing_key_raises():
    return operator.delitem({}, 1)


def case_operator_iconcat_of_numbers_raises():
    return operator.iconcat(1, 2)


def case_operator_attrgetter_of_a_number_raises():
    return operator.attrgetter(1)


def case_operator_methodcaller_of_a_number_raises():
    return operator.methodcaller(3)


def case_operator_itemgetter_keywords_raises():
    return operator.itemgetter(1, x=2)


class _Sized:
    def __len__(self):
        return 4


class _Hinted:
    def __length_hint__(self):
        return 7


class _NoHint:
    pass


def case_operator_length_hint():
    it = iter([1, 2, 3, 4])
    next(it)
    r = reversed([1, 2, 3])
    next(r)
    s = iter("héllo")
    next(s)
    d = iter({1: 2, 3: 4})
    next(d)
    st = iter({1, 2, 3})
    next(st)
    rng = iter(range(0, 10, 3))
    next(rng)
    big = iter(range(2**70, 2**70 + 5))
    return (
        operator.length_hint([1, 2, 3]),
        operator.length_hint(it),
        operator.length_hint(r),
        operator.length_hint(s),
        operator.length_hint(d),
        operator.length_hint(st),
        operator.length_hint(rng),
        operator.length_hint(big),
        operator.length_hint(x for x in range(3)),
        operator.length_hint(map(abs, [1]), 9),
        operator.length_hint(_Sized()),
        operator.length_hint(_Hinted()),
        operator.length_hint(_NoHint(), 5),
        operator.length_hint(5, 2),
    )


def case_operator_length_hint_bad_default_raises():
    return operator.length_hint([], "x")
