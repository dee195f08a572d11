"""Conformance cases: range.

Ranges are returned as (type name, start, stop, step) so no case needs a range
object to travel back from the engine.
"""


def _rt(r):
    return (type(r).__name__, r.start, r.stop, r.step)


def case_range_to_list():
    return (list(range(5)), list(range(2, 7)), list(range(0, 10, 3)), list(range(10, 0, -3)), list(range(5, 5)), list(range(5, 0)))


def case_range_len():
    return (len(range(10)), len(range(0, 10, 3)), len(range(10, 0, -3)), len(range(-5)), len(range(5, 5)),
            len(range(0, -10, -1)), len(range(1, 2, 100)))


def case_range_len_too_large_raises():
    return len(range(10**20))


def case_range_huge_indexing_ok():
    r = range(10**20)
    return (r[10**19], r[-1], 10**19 in r, _rt(r[5:10]))


def case_range_indexing():
    r = range(3, 30, 4)
    return (r[0], r[1], r[-1], r[-2], r[3])


def case_range_index_out_of_range_raises():
    r = range(1, 10)
    return r[100]


def case_range_negative_step():
    return (list(range(5, -5, -2)), list(range(0, -3, -1)), list(range(-1, -10, -4)), range(10, 0, -1)[0], range(10, 0, -1)[-1])


def case_range_zero_step_raises():
    step = 0
    return range(0, 10, step)


def case_range_float_arg_raises():
    return range(3.0)


def case_range_contains():
    r = range(0, 20, 3)
    return (9 in r, 10 in r, -3 in r, 18 in r, 21 in r, 3.0 in r, "a" in r, 0 in range(0))


def case_range_contains_negative_step():
    r = range(10, -10, -4)
    return (10 in r, 6 in r, -6 in r, -10 in r, 8 in r)


def case_range_reversed():
    return (list(reversed(range(5))), list(reversed(range(1, 10, 3))), list(reversed(range(10, 0, -4))), list(reversed(range(0))))


def case_range_slicing():
    r = range(0, 20, 2)
    return (_rt(r[2:5]), _rt(r[::-1]), _rt(r[::3]), _rt(r[-3:]), _rt(r[5:2]), _rt(range(10)[::-2]), list(r[1:8:3]))


def case_range_equality():
    return (range(0) == range(2, 2), range(0, 3) == range(3), range(0, 5, 2) == range(0, 6, 2), range(1, 2) == range(1, 3),
            range(0, 3) == [0, 1, 2], range(1, 2, 5) == range(1, 3, 7))


def case_range_index_and_count():
    r = range(5, 50, 5)
    return (r.index(25), r.count(25), r.count(26), range(10, 0, -2).index(4))


def case_range_index_missing_raises():
    return range(0, 10, 2).index(3)


def case_range_attributes():
    r = range(1, 20, 4)
    return (r.start, r.stop, r.step, range(7).start, range(7).step)


def case_range_sum_large():
    return (sum(range(10**6)), sum(range(1, 101)), sum(range(100, 0, -7)))


def case_range_in_for_loop_with_negative_step():
    out = []
    for i in range(10, 0, -3):
        out.append(i)
    return out


def case_range_bool_and_repr():
    return (bool(range(0)), bool(range(1)), repr(range(5)), repr(range(1, 9, 2)), str(range(0, -3, -1)))


def case_range_min_max():
    r = range(-5, 20, 6)
    return (min(r), max(r), sorted(r, reverse=True))


def case_range_zip_enumerate():
    return (list(zip(range(3), range(10, 13))), list(enumerate(range(5, 8))))


def case_range_bigint_bounds():
    r = range(2**64, 2**64 + 10, 3)
    return (list(r), len(r), 2**64 + 3 in r)


def case_range_empty_index_raises():
    return range(0)[0]


def case_range_unpacking():
    a, b, c = range(3)
    first, *rest = range(4, 8)
    return (a, b, c, first, rest)


def case_range_hash_equal_ranges():
    return (hash(range(0)) == hash(range(5, 5)), hash(range(0, 3)) == hash(range(3)))
