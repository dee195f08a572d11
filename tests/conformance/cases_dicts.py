"""Conformance cases: dicts (insertion order, lookups, construction)."""


def case_dict_literal_insertion_order():
    d = {"b": 1, "a": 2, "c": 3}
    return (list(d), list(d.values()), list(d.items()))


def case_dict_insertion_order_with_item_assignment():
    d = {}
    d["z"] = 1
    d["a"] = 2
    d["m"] = 3
    d["z"] = 10
    return (d, list(d.keys()))


def case_dict_duplicate_keys_in_literal():
    d = {"a": 1, "b": 2, "a": 3}  # noqa: F601
    return d


def case_dict_equal_numeric_keys_collapse():
    d = {1: "int", True: "bool", 1.0: "float"}  # noqa: F601
    return (d, len(d), d[1], d[1.0], d[True])


def case_dict_get_with_default():
    d = {"a": 1, "b": None}
    return (d.get("a"), d.get("z"), d.get("z", 0), d.get("b", 5), d.get("b"))


def case_dict_getitem_missing_raises():
    d = {"a": 1}
    return d["b"]


def case_dict_getitem_unhashable_raises():
    d = {"a": 1}
    return d[["a"]]


def case_dict_keys_values_items():
    d = {"x": 1, "y": 2, "z": 3}
    return (list(d.keys()), list(d.values()), list(d.items()), len(d.keys()), ("x", 1) in d.items(), 2 in d.values())


def case_dict_in_operator_checks_keys():
    d = {"a": 1, 2: "b", (1, 2): None}
    return ("a" in d, 1 in d, 2 in d, (1, 2) in d, "b" in d, "a" not in d, 2.0 in d)


def case_dict_comprehension():
    return ({x: x * x for x in range(5)}, {k: v for k, v in [("a", 1), ("b", 2)] if v > 1}, {c: ord(c) for c in "cab"})


def case_dict_comprehension_overwrites_keep_first_position():
    return {x % 3: x for x in range(10)}


def case_dict_from_zip():
    keys = ["a", "b", "c"]
    vals = [1, 2, 3, 4]
    return (dict(zip(keys, vals)), dict(zip(vals, keys)))


def case_dict_constructor_kwargs():
    return (dict(a=1, b=2), dict(), dict([("x", 1), ("y", 2)]), dict({"k": 1}, m=2), dict([("a", 1), ("a", 2)]))


def case_dict_constructor_bad_item_raises():
    return dict([("a", 1, 2)])


def case_dict_merge_unpacking():
    a = {"x": 1, "y": 2}
    b = {"y": 20, "z": 30}
    return ({**a, **b}, {**b, **a}, {**a, "w": 0}, a | b, b | a)


def case_dict_equality_ignores_order():
    return ({"a": 1, "b": 2} == {"b": 2, "a": 1}, {"a": 1} == {"a": 1.0}, {"a": 1} != {"a": 2}, {} == {})


def case_dict_ordering_comparison_raises():
    return {"a": 1} < {"b": 2}


def case_dict_iteration_order():
    d = {"q": 1, "w": 2, "e": 3}
    out = []
    for k in d:
        out.append(k)
    for k, v in d.items():
        out.append(k * v)
    return out


def case_dict_sorted_by_value():
    d = {"apple": 3, "pear": 1, "fig": 3, "kiwi": 2}
    return (sorted(d), sorted(d, key=lambda k: d[k]), sorted(d.items(), key=lambda kv: (-kv[1], kv[0])),
            max(d, key=d.get), min(d, key=d.get))


def case_dict_counting():
    counts = {}
    for ch in "mississippi":
        counts[ch] = counts.get(ch, 0) + 1
    return counts


def case_dict_grouping_without_shared_mutation():
    groups = {}
    for w in ["apple", "avocado", "banana", "blueberry", "cherry"]:
        groups[w[0]] = groups.get(w[0], []) + [w]
    return groups


def case_dict_nested():
    d = {"a": {"b": {"c": 42}}, "list": [1, {"x": 2}]}
    return (d["a"]["b"]["c"], d["list"][1]["x"], d["a"].get("z", {}).get("c", -1))


def case_dict_tuple_and_int_keys():
    d = {(0, 0): "origin", (1, 2): "p", -1: "neg", 10**20: "big"}
    return (d[(0, 0)], d[(1, 2)], d[-1], d[10**20], list(d))


def case_dict_none_and_bool_keys():
    d = {None: 0, False: 1, "": 2, 0.5: 3}
    return (d[None], d[0], d[""], d[0.5], len(d))


def case_dict_fromkeys():
    return (dict.fromkeys(["a", "b"]), dict.fromkeys("xyz", 0), dict.fromkeys([]))


def case_dict_copy_is_independent_value():
    d = {"a": 1}
    e = d.copy()
    e["b"] = 2
    return (d, e)


def case_dict_len_bool_repr():
    return (len({}), bool({}), bool({0: 0}), repr({}), repr({"a": [1, 2], 1: None}), str({1: "x"}))


def case_dict_keys_set_operations():
    a = {"x": 1, "y": 2, "z": 3}
    b = {"y": 0, "w": 0}
    return (sorted(a.keys() & b.keys()), sorted(a.keys() | b.keys()), sorted(a.keys() - b.keys()), a.keys() == {"x", "y", "z"})


def case_dict_items_to_list_of_tuples():
    d = dict(a=1, b=2)
    return [(k, v) for k, v in d.items()]


def case_dict_invert():
    d = {"a": 1, "b": 2, "c": 1}
    return {v: k for k, v in d.items()}


def case_dict_value_update_in_loop():
    d = {"a": 0, "b": 0}
    for i in range(10):
        key = "a" if i % 2 else "b"
        d[key] = d[key] + i
    return d


def case_dict_get_on_missing_key_with_none():
    d = {}
    return (d.get("x") is None, d.get("x", "dflt"))


def case_dict_unhashable_key_in_literal_raises():
    k = {}
    return {k: 1}


def case_dict_values_sum_and_max():
    prices = {"x": 2.5, "y": 1.25, "z": 4.0}
    return (sum(prices.values()), max(prices.values()), min(prices.items(), key=lambda kv: kv[1]))


def case_dict_memoized_fib_local():
    memo = {0: 0, 1: 1}
    for i in range(2, 120):
        memo[i] = memo[i - 1] + memo[i - 2]
    return memo[119]


def case_dict_two_level_counting():
    pairs = [("a", "x"), ("b", "y"), ("a", "y"), ("a", "x")]
    counts = {}
    for k1, k2 in pairs:
        counts[(k1, k2)] = counts.get((k1, k2), 0) + 1
    return counts


def case_dict_in_place_merge_with_pairs():
    d = {"x": 1}
    d |= [("y", 2), ("x", 3)]
    e = {"k": 0}
    e |= {"k": 1}.items()
    return (d, e)


class _CollidingKey:
    """Every instance hashes alike; comparing two raises unless `ok`."""

    def __init__(self, v, ok=False):
        self.v = v
        self.ok = ok

    def __hash__(self):
        return 1

    def __eq__(self, other):
        if self.ok and getattr(other, "ok", False):
            return self.v == other.v
        raise ValueError("no comparing " + str(self.v))


def _caught(f):
    try:
        return ("ok", f())
    except ValueError as e:
        return ("ValueError", str(e))


def case_dict_key_eq_error_propagates_from_lookups():
    d = {_CollidingKey(1): "a"}
    probe = _CollidingKey(2)
    return (
        _caught(lambda: probe in d),
        _caught(lambda: d.get(probe, "missing")),
        _caught(lambda: d[probe]),
        _caught(lambda: probe in d.keys()),
        _caught(lambda: (probe, "a") in d.items()),
        _caught(lambda: len({_CollidingKey(3): 1, _CollidingKey(4): 2})),
        _caught(lambda: dict([(_CollidingKey(5), 1), (_CollidingKey(6), 2)])),
        _caught(lambda: {k: 0 for k in [_CollidingKey(7), _CollidingKey(8)]}),
    )


def case_dict_key_eq_error_leaves_dict_unchanged():
    d = {_CollidingKey(1): "a", "s": 1}
    results = []
    try:
        d[_CollidingKey(2)] = "b"
    except ValueError as e:
        results.append(str(e))
    try:
        d.setdefault(_CollidingKey(3), "c")
    except ValueError as e:
        results.append(str(e))
    try:
        d.pop(_CollidingKey(4))
    except ValueError as e:
        results.append(str(e))
    try:
        d.update([("t", 2), (_CollidingKey(5), 3), ("u", 4)])
    except ValueError as e:
        results.append(str(e))
    return (results, len(d), sorted(k for k in d if isinstance(k, str)))


def case_dict_key_eq_error_in_equality_raises():
    return {_CollidingKey(1): 1} == {_CollidingKey(2): 1}


def case_dict_key_eq_error_same_object_is_found():
    k = _CollidingKey(1)
    d = {k: "a"}
    return (k in d, d[k], d.get(k))
