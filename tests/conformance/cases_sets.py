"""Conformance cases: set and frozenset (never observing iteration order)."""


def case_set_literal_and_dedup():
    return ({1, 2, 2, 3}, set(), {"a", "b", "a"}, len({1, 1, 1}))


def case_set_numeric_equal_members_collapse():
    s = {1, 1.0, True}
    return (len(s), 1 in s, 1.0 in s, True in s, 2 in s)


def case_set_operators():
    a = {1, 2, 3, 4}
    b = {3, 4, 5}
    return (a | b, a & b, a - b, b - a, a ^ b)


def case_set_methods_union_intersection():
    a = {1, 2, 3}
    return (a.union([3, 4], (5,)), a.intersection({2, 3, 9}, [3, 2]), a.difference([1], {2}),
            a.symmetric_difference([3, 4]), a.union())


def case_set_subset_superset():
    a = {1, 2}
    b = {1, 2, 3}
    return (a <= b, a < b, b >= a, b > a, a < a, a <= a, a.issubset(b), b.issuperset(a), a.isdisjoint({5, 6}), a.isdisjoint(b))


def case_set_equality():
    return ({1, 2} == {2, 1}, {1, 2} == frozenset({1, 2}), set() == frozenset(), {1} != {1.0}, {1, 2} == [1, 2])


def case_set_membership():
    s = {"apple", "pear", (1, 2), None, 3.5}
    return ("apple" in s, "APPLE" in s, (1, 2) in s, None in s, 3.5 in s, "kiwi" not in s)


def case_set_membership_unhashable_raises():
    s = {1, 2}
    return [1] in s


def case_set_unhashable_member_raises():
    return {[1, 2]}


def case_set_comprehension():
    return ({x % 5 for x in range(20)}, {c.lower() for c in "HeLLo"}, {(x, y) for x in range(2) for y in range(2)})


def case_set_from_iterables():
    return (set("mississippi"), set([3, 1, 3]), set(range(4)), set({"a": 1, "b": 2}), set((1, 2, 2)))


def case_set_sorted_and_aggregates():
    s = {5, 3, 9, -1}
    return (sorted(s), sorted(s, reverse=True), sum(s), min(s), max(s), len(s))


def case_set_of_strings_sorted():
    words = "the cat and the hat and the bat".split()
    return sorted(set(words))


def case_frozenset_basic():
    f = frozenset([1, 2, 3, 2])
    return (f, len(f), 2 in f, frozenset(), frozenset("aab"))


def case_frozenset_operator_result_types():
    f = frozenset({1, 2})
    s = {2, 3}
    return (type(f | s).__name__, type(s | f).__name__, type(f & s).__name__, type(s - f).__name__, f | s, s & f)


def case_frozenset_hashable_as_key():
    d = {frozenset({1, 2}): "a", frozenset(): "empty"}
    return (d[frozenset({2, 1})], d[frozenset()], frozenset({1, 2}) in {frozenset({1, 2})})


def case_frozenset_hash_equal_for_equal_sets():
    return hash(frozenset({1, 2, 3})) == hash(frozenset([3, 2, 1]))


def case_set_unhashable_as_key_raises():
    d = {}
    d[{1}] = 2
    return d


def case_set_bool_and_len():
    return (bool(set()), bool({0}), len(frozenset()), not set())


def case_set_repr_single_and_empty():
    return (repr(set()), repr({1}), repr(frozenset()), repr(frozenset({"a"})))


def case_set_operator_with_list_raises():
    return {1, 2} | [3]


def case_set_ordering_comparisons_not_total():
    a = {1, 2}
    b = {2, 3}
    return (a < b, a > b, a <= b, a >= b, a == b)


def case_set_nested_frozensets():
    s = {frozenset({1}), frozenset({1, 2}), frozenset({1})}
    return (len(s), frozenset({1}) in s, sorted(len(x) for x in s))


def case_set_difference_chains():
    a = set(range(10))
    evens = {x for x in a if x % 2 == 0}
    return ((a - evens) & {1, 3, 5, 11}, a - evens - {1}, a ^ evens ^ {0})


def case_set_intersection_of_many():
    groups = [{1, 2, 3, 4}, {2, 3, 4, 5}, {3, 4, 5, 6}]
    common = groups[0]
    for g in groups[1:]:
        common = common & g
    return common


def case_set_any_all_on_set():
    s = {0, 1, 2}
    return (any(s), all(s), all({1, 2}), any(set()), all(set()))


def case_set_iteration_order_of_numbers_and_tuples():
    return (
        list({10, 3, 7, 100, -1}),
        str({5, 1, 3}),
        list({-1, -2}),
        list({8, 16, 0, 32}),
        list({2**61 - 1, 0, 2**61, 1}),
        list({i * 37 % 101 for i in range(50)}),
        list({0.5, 1.5, 2.25, -3.0, 1e10}),
        list({(1, 2), (0, 0), (5,)}),
        list(frozenset([33, 1, 65, 2])),
        list({True, 2, 0}),
        list(set(range(100, 0, -7))),
        list({x * x % 37 for x in range(40)}),
        list(dict.fromkeys({3, 1, 2})),
    )


def case_set_order_after_removal_pop_and_growth():
    s = set(range(10))
    s.discard(3)
    s.add(100)
    s.add(3)
    t = {5, 3, 9}
    popped = t.pop()
    u = set()
    for i in range(30):
        u.add(i * 8)
    for i in range(0, 30, 3):
        u.discard(i * 8)
    v = {1}
    v.update([100, 50, 2])
    return (list(s), popped, list(t), list(u), list(v), list(set(u)), list(u.copy()))


def case_set_algebra_order_and_kept_elements():
    a = {1, 2, 3, 40}
    b = {40, 3, 50}
    big = set(range(1, 13))
    c = {1, 2, 3}
    c |= {3, 4, 5, 100}
    d = set(range(20))
    d -= {1, 5, 7}
    e = {1, 2, 3}
    e ^= {3, 4, 5, 100}
    return (
        list(a | b), list(a & b), list(a - b), list(a ^ b), list(b | a),
        list(big - {5}), list({3, 1, 2} & {2, 3, 9, 1}), list({1, 2, 3} ^ {3, 4, 5, 100}),
        repr(list({1} & {1.0})[0]), repr(list({1.0} & {1})[0]), repr(list({1} | {1.0})[0]),
        list(a.union([10, 3, 7], {99})), list(big.intersection(range(5, 9), [6, 7])),
        list(big.difference([2, 4], {6})), list(a.symmetric_difference([1, 77])),
        list(c), list(d), list(e),
    )


def case_frozenset_hashes():
    return (hash(frozenset()), hash(frozenset([1, 2])), hash(frozenset(range(10))), hash(frozenset([(1, 2), 3.5])))


def case_set_symmetric_difference_order_after_removals():
    # Keys colliding in a small table: the order follows which deleted
    # slot a re-added key takes (the last its probes pass, from 3.10).
    x = set([21, 52, 47, 42])
    x ^= set([5, 42, 21])
    y = set([8, 0, 11, 3, 43]) ^ set([8, 0])
    z = set([1, 9, 17, 25, 33])
    for k in (9, 17, 25):
        z.discard(k)
    z.update([41, 49, 57])
    return list(x), list(y), list(z), list(x.symmetric_difference([5, 99, 47]))


def case_set_order_after_many_removals_and_adds():
    s = set()
    out = []
    for i in range(300):
        k = (i * 37) % 97 * 8
        if i % 3 == 2:
            s.discard((i * 11) % 97 * 8)
        else:
            s.add(k)
        if i % 50 == 49:
            out.append(list(s))
    return out


def case_set_operators_on_dict_views_keep_cpython_order():
    a = {1: 0, 9: 0, 17: 0}
    b = {9: 0, 25: 0}
    c = {1: 0, 9: 0, 17: 0, 33: 0}
    return (list(a.keys() | b.keys()), list(a.keys() ^ b.keys()), list(a.keys() ^ [9, 25]), list(a.items() | b.items()),
            list(c.keys() - b.keys()), list(set([1, 9, 17]) | b.keys()), list(b.keys() | [1, 17]),
            sorted(a.items() ^ {9: 1, 25: 0}.items()), list({1: 1, 9: 0}.items() ^ {9: 0, 25: 0, 1: 2}.items()))


def case_set_displays_of_folded_constants():
    return (list({-1, -2, 2 * 4, 16, 24}), list({-1, -2, 2**61 - 1, 2**61, 2**64}), list({1 << 5, 3 - 4, 64 // 2 + 1, 0}),
            sorted({"a" + "b", "c", "d" * 2, "x"}), list({2.0 ** 3, 1.5, -0.5 * 2, 7}), list({not 0, 5 % 3, 9, 17}))


class _CollidingMember:
    """Every instance hashes alike; comparing two raises."""

    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return 7

    def __eq__(self, other):
        raise KeyError("compared " + str(self.v))


def _caught_key_error(f):
    try:
        return ("ok", f())
    except KeyError as e:
        return ("KeyError", e.args)


def case_set_member_eq_error_propagates():
    s = {_CollidingMember(1)}
    p = _CollidingMember(2)
    return (
        _caught_key_error(lambda: p in s),
        _caught_key_error(lambda: len({_CollidingMember(3), _CollidingMember(4)})),
        _caught_key_error(lambda: len(set([_CollidingMember(5), _CollidingMember(6)]))),
        _caught_key_error(lambda: len({x for x in [_CollidingMember(7), _CollidingMember(8)]})),
        _caught_key_error(lambda: len(s | {p})),
    )


def case_set_member_eq_error_comes_from_the_probed_side():
    s = {_CollidingMember(1)}
    out = []
    for op in (
        lambda: s.issubset([_CollidingMember(2)]),
        lambda: s.issuperset([_CollidingMember(2)]),
        lambda: s.isdisjoint([_CollidingMember(2)]),
        lambda: s.isdisjoint({_CollidingMember(2)}),
        lambda: s.intersection([_CollidingMember(2)]),
        lambda: s.difference([_CollidingMember(2)]),
        lambda: s.symmetric_difference([_CollidingMember(2)]),
        lambda: s.union([_CollidingMember(2)]),
        lambda: s <= {_CollidingMember(2)},
        lambda: s >= {_CollidingMember(2)},
        lambda: s == {_CollidingMember(2)},
        lambda: s & {_CollidingMember(2)},
        lambda: s - {_CollidingMember(2)},
        lambda: s ^ {_CollidingMember(2)},
        lambda: s | {_CollidingMember(2)},
    ):
        out.append(_caught_key_error(lambda: len(op()) if not isinstance(op(), bool) else op()))
    return out


def case_set_member_eq_error_leaves_set_unchanged():
    s = {_CollidingMember(1), 2}
    out = []
    try:
        s.add(_CollidingMember(9))
    except KeyError as e:
        out.append(("add", e.args))
    try:
        s.discard(_CollidingMember(10))
    except KeyError as e:
        out.append(("discard", e.args))
    try:
        s.remove(_CollidingMember(11))
    except KeyError as e:
        out.append(("remove", e.args))
    return (out, len(s), 2 in s)
