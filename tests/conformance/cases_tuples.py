"""Conformance cases: tuples and unpacking."""


def case_tuple_literals():
    return ((), (1,), (1, 2), tuple(), 1, (1), ((1, 2), (3,)))


def case_tuple_unpacking_basic():
    a, b, c = (1, 2, 3)
    x, y = "xy"
    p, q = [10, 20]
    return (a, b, c, x, y, p, q)


def case_tuple_swap():
    a = 1
    b = 2
    a, b = b, a
    return (a, b)


def case_tuple_rotate_three():
    a, b, c = 1, 2, 3
    a, b, c = b, c, a
    return (a, b, c)


def case_tuple_starred_unpacking():
    first, *rest = (1, 2, 3, 4)
    *init, last = [1, 2, 3, 4]
    head, *mid, tail = range(6)
    a, *b = (1,)
    return (first, rest, init, last, head, mid, tail, a, b)


def case_tuple_starred_unpacking_string():
    first, *middle, last = "hello"
    return (first, middle, last)


def case_tuple_nested_unpacking():
    (a, b), (c, (d, e)) = (1, 2), (3, (4, 5))
    [f, g], h = [6, 7], 8
    return (a, b, c, d, e, f, g, h)


def case_tuple_nested_starred_in_for():
    pairs = [(1, (2, 3, 4)), (5, (6, 7, 8))]
    out = []
    for k, (x, *ys) in pairs:
        out.append((k, x, ys))
    return out


def case_tuple_unpack_too_many_raises():
    a, b = (1, 2, 3)
    return (a, b)


def case_tuple_unpack_too_few_raises():
    a, b, c = (1, 2)
    return (a, b, c)


def case_tuple_unpack_starred_too_few_raises():
    a, b, *c = (1,)
    return (a, b, c)


def case_tuple_unpack_non_iterable_raises():
    a, b = 5
    return (a, b)


def case_tuple_indexing_and_slicing():
    t = (10, 20, 30, 40, 50)
    return (t[0], t[-1], t[1:3], t[::-1], t[::2], t[10:], t[-2:], t[3:1:-1])


def case_tuple_index_out_of_range_raises():
    t = (1, 2)
    return t[2]


def case_tuple_concat_and_repeat():
    t = (1, 2)
    return (t + (3,), t * 3, 0 * t, t + (), () * 5, (t,) * 2)


def case_tuple_concat_list_raises():
    return (1, 2) + [3]


def case_tuple_comparisons():
    return ((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 99), () < (0,), (1, "a") < (1, "b"),
            (1, 2) == (1, 2), (1, 2) != (2, 1), (1, 2) <= (1, 2), (3, 0) >= (2, 100))


def case_tuple_compare_mixed_numbers():
    return ((1, 2) == (1.0, 2.0), (1, 2.5) < (1, 3), (True, 0) == (1, False))


def case_tuple_compare_incomparable_raises():
    return (1, "a") < (1, 2)


def case_tuple_compare_decided_early_ok():
    return (0, "a") < (1, 2)


def case_tuple_hash_equality():
    a = (1, "x", (2, 3))
    b = (1, "x", (2, 3))
    c = (1.0, "x", (2, 3))
    return (a == b, hash(a) == hash(b), hash(a) == hash(c), a == c)


def case_hash_tuple_of_ints_exact():
    return (hash(()), hash((1,)), hash((1, 2, 3)), hash((-1, 0)), hash(((1, 2), (3,))))


def case_tuple_unhashable_member_raises():
    return hash((1, [2]))


def case_tuple_as_dict_key_and_set_member():
    d = {(1, 2): "a", (3, 4): "b"}
    s = {(1, 2), (1, 2), (2, 1)}
    return (d[(1, 2)], d.get((4, 3)), len(s), (2, 1) in s)


def case_tuple_methods():
    t = (1, 2, 3, 2, 1, 2)
    return (t.count(2), t.count(9), t.index(2), t.index(1, 1), len(t))


def case_tuple_index_missing_raises():
    return (1, 2, 3).index(9)


def case_tuple_in_operator():
    t = (1, "a", (2, 3), None)
    return (1 in t, "a" in t, (2, 3) in t, None in t, 2 in t, 1.0 in t, "b" not in t)


def case_tuple_constructor():
    return (tuple([1, 2]), tuple("ab"), tuple(range(3)), tuple({"x": 1, "y": 2}), tuple(x * x for x in range(4)), tuple((1, 2)))


def case_tuple_item_assignment_raises():
    t = (1, 2)
    t[0] = 5
    return t


def case_tuple_repr():
    return (repr(()), repr((1,)), repr((1, "a", 2.0, None)), str(((1,), ())))


def case_tuple_packing_return():
    def divmod_like(a, b):
        return a // b, a % b

    q, r = divmod_like(17, 5)
    pair = divmod_like(-17, 5)
    return (q, r, pair)


def case_tuple_starred_in_literal():
    a = [1, 2]
    b = (3, 4)
    return ((*a, *b), (0, *a), [*b, *a], (*"xy",))


def case_tuple_sorted_list_of_tuples():
    data = [(2, "b"), (1, "z"), (2, "a"), (1, "a")]
    return (sorted(data), sorted(data, reverse=True), min(data), max(data))


def case_tuple_zip_unzip():
    pairs = [(1, "a"), (2, "b"), (3, "c")]
    nums, letters = zip(*pairs)
    return (nums, letters)


def case_tuple_len_and_bool():
    return (len(()), len((None,)), bool(()), bool((0,)), bool(((),)))


def case_tuple_for_loop_unpacking_enumerate():
    out = []
    for i, (a, b) in enumerate([(1, 2), (3, 4)]):
        out.append(i * 100 + a * 10 + b)
    return out


def case_tuple_min_max_sum():
    t = (5, -2, 9, 0)
    return (min(t), max(t), sum(t), sorted(t))


def case_ordering_sequences_with_nan_at_the_first_difference():
    n = float("nan")
    return [(1, n) < (1, 2), (1, n) <= (1, 2), (1, n) > (1, 2), (1, n) >= (1, 2),
            [1, n] < [1, 2], (1, 2) < (1, n), (0, n) < (1, 2), (1, n, 3) < (1, 2),
            sorted([(1, 2), (1, n), (0, 5)])[0], max([(0, n), (1, 0)])]


def case_slices_compare_like_tuples():
    return [slice(1, 2) == slice(1, 2), slice(1, 2) != slice(1, 3), slice(1, 2) < slice(1, 3),
            slice(None) == slice(None, None, None), slice(0, 5, 2) >= slice(0, 5, 1)]


def case_parallel_assignment_swaps_and_rotates():
    a, b, c = 1, 2, 3
    for _ in range(5):
        a, b, c = b, c, a
    xs = [0, 1, 2]
    i = 0
    i, xs = 2, xs + [i]
    [p, q] = q2 = (7, 8)
    return a, b, c, i, xs, p, q, q2


def case_repeated_lists_of_numbers():
    xs = [0] * 5
    ys = [1.5, None, True] * 3
    zs = [[0]] * 2
    return xs, ys, zs, zs[0] is zs[1], () * 4, (1,) * 3, dict({"a": 1, "b": 2}), [] * 9
