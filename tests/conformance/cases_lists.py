"""Conformance cases: lists (no mutation of shared lists; local building only)."""


def case_list_literals_and_len():
    return ([], [1], [1, [2, [3]]], len([]), len([None, None]), [[]] == [[]])


def case_list_indexing():
    xs = [10, 20, 30, 40]
    return (xs[0], xs[3], xs[-1], xs[-4], xs[1])


def case_list_index_out_of_range_raises():
    xs = [1, 2, 3]
    return xs[3]


def case_list_negative_index_out_of_range_raises():
    xs = [1, 2, 3]
    return xs[-4]


def case_list_index_with_str_raises():
    xs = [1, 2, 3]
    k = "0"
    return xs[k]


def case_list_index_with_bool():
    xs = ["a", "b"]
    return (xs[True], xs[False])


def case_list_slicing():
    xs = list(range(10))
    return (xs[2:5], xs[:3], xs[7:], xs[-3:], xs[:-7], xs[::3], xs[1::4], xs[8:2:-2], xs[::-1], xs[5:5], xs[20:30])


def case_list_slice_is_a_copy():
    xs = [1, 2, 3]
    ys = xs[:]
    return (ys == xs, ys, xs[::-1] == list(reversed(xs)))


def case_list_slice_step_zero_raises():
    xs = [1, 2, 3]
    return xs[::0]


def case_list_concat():
    a = [1, 2]
    b = [3]
    return (a + b, b + a, a + [], [] + [], a + b + a)


def case_list_concat_tuple_raises():
    return [1] + (2,)


def case_list_repeat():
    return ([0] * 3, [1, 2] * 2, 2 * ["x"], [1] * 0, [1] * -3, [[0] * 2] * 2)


def case_list_comparisons():
    return ([1, 2] < [1, 3], [1, 2] < [1, 2, 0], [] < [0], [2] > [1, 100], [1, 2] == [1, 2], [1, 2] != [2, 1],
            [1, 2] == (1, 2), [[1]] < [[2]], [1, 2] <= [1, 2])


def case_list_compare_incomparable_raises():
    return [1, "a"] < [1, 2]


def case_list_in_operator():
    xs = [1, [2], "three", None, 4.0]
    return (1 in xs, [2] in xs, "three" in xs, None in xs, 4 in xs, 5 in xs, 2 not in xs)


def case_list_index_and_count_methods():
    xs = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
    return (xs.index(5), xs.index(5, 5), xs.index(1, 2, 4), xs.count(5), xs.count(7), xs.count(1))


def case_list_index_method_missing_raises():
    return [1, 2, 3].index(4)


def case_list_append_in_loop():
    out = []
    for i in range(10):
        if i % 3 != 0:
            out.append(i * i)
    return out


def case_list_extend_in_loop():
    out = []
    for i in range(4):
        out.extend([i] * i)
    return out


def case_list_item_assignment_local():
    xs = [0] * 5
    for i in range(5):
        xs[i] = i * 10
    xs[-1] = -1
    return xs


def case_list_sieve_of_eratosthenes():
    n = 60
    is_prime = [True] * (n + 1)
    is_prime[0] = False
    is_prime[1] = False
    i = 2
    while i * i <= n:
        if is_prime[i]:
            for j in range(i * i, n + 1, i):
                is_prime[j] = False
        i += 1
    return [k for k in range(n + 1) if is_prime[k]]


def case_list_item_assignment_out_of_range_raises():
    xs = [1, 2]
    xs[2] = 3
    return xs


def case_list_build_matrix_rows():
    rows = []
    for i in range(3):
        row = []
        for j in range(4):
            row.append(i * j)
        rows.append(row)
    return rows


def case_list_comprehension_basic():
    return ([x * 2 for x in range(5)], [c for c in "abc"], [x for x in []], [(x, y) for x, y in [(1, 2), (3, 4)]])


def case_list_comprehension_filter():
    return ([x for x in range(20) if x % 3 == 0], [x for x in range(20) if x % 2 if x % 3], [s for s in ["a", "", "b"] if s])


def case_list_comprehension_nested():
    return ([(i, j) for i in range(3) for j in range(i)], [[i * j for j in range(3)] for i in range(3)],
            [x for row in [[1, 2], [3], []] for x in row])


def case_list_comprehension_with_condition_expr():
    return ["even" if x % 2 == 0 else "odd" for x in range(5)]


def case_list_comprehension_scope_does_not_leak():
    x = "outer"
    ys = [x for x in range(3)]
    return (x, ys)


def case_list_comprehension_closure_over_loop_var():
    fs = [lambda: i for i in range(3)]
    return [f() for f in fs]


def case_list_transpose_via_zip():
    m = [[1, 2, 3], [4, 5, 6]]
    return [list(col) for col in zip(*m)]


def case_list_flatten_sum():
    nested = [[1, 2], [3], [], [4, 5, 6]]
    return sum(nested, [])


def case_list_sorted_basic():
    xs = [5, 2, 9, 1, 5, 6]
    return (sorted(xs), sorted(xs, reverse=True), xs, sorted([]), sorted(["b", "A", "a", "B"]))


def case_list_sorted_stable_with_key():
    words = ["bb", "a", "ccc", "dd", "e", "fff", "g"]
    return (sorted(words, key=len), sorted(words, key=len, reverse=True))


def case_list_sorted_stable_records():
    recs = [("amy", 3), ("bob", 1), ("cat", 3), ("dan", 2), ("eve", 1)]
    by_score = sorted(recs, key=lambda r: r[1])
    by_score_desc = sorted(recs, key=lambda r: r[1], reverse=True)
    two_pass = sorted(sorted(recs, key=lambda r: r[0], reverse=True), key=lambda r: r[1])
    return (by_score, by_score_desc, two_pass)


def case_list_sorted_floats_with_negzero():
    xs = [0.0, -0.0, -1.5, 2.5, 0.0, -0.0]
    return [repr(v) for v in sorted(xs)]


def case_list_sorted_mixed_types_raises():
    return sorted([1, "a", 2])


def case_list_sorted_key_tuple():
    people = [("x", 30, "NY"), ("y", 25, "LA"), ("z", 30, "LA"), ("w", 25, "NY")]
    return sorted(people, key=lambda p: (-p[1], p[2]))


def case_list_reversed():
    xs = [1, 2, 3]
    return (list(reversed(xs)), xs, list(reversed([])), [x for x in reversed(range(3))])


def case_list_constructor():
    return (list(), list("abc"), list((1, 2)), list(range(3)), list({"a": 1, "b": 2}), list(x for x in [3, 4]))


def case_list_repr():
    return (repr([]), repr([1, "a", [2.5, None]]), str([True, (1,)]), repr([[]]))


def case_list_min_max_sum_len():
    xs = [4, -1, 7, 3]
    return (min(xs), max(xs), sum(xs), len(xs), sum(xs) / len(xs))


def case_list_enumerate_zip():
    xs = ["a", "b", "c"]
    ys = [1, 2]
    return (list(enumerate(xs)), list(zip(xs, ys)), list(enumerate(xs, 1)))


def case_list_bool():
    return (bool([]), bool([0]), bool([[]]), not [], not [None])


def case_list_unhashable_raises():
    return hash([1, 2])


def case_list_as_dict_key_raises():
    d = {[1]: 2}
    return d


def case_list_equality_with_floats():
    return ([1, 2.0] == [1.0, 2], [float("nan")] == [float("nan")], [0.0] == [-0.0])


def case_list_bubble_sort_local():
    xs = [5, 1, 4, 2, 8, 0, 2]
    n = len(xs)
    for i in range(n):
        for j in range(n - 1 - i):
            if xs[j] > xs[j + 1]:
                xs[j], xs[j + 1] = xs[j + 1], xs[j]
    return xs


def case_list_prefix_sums():
    xs = [3, 1, 4, 1, 5, 9, 2, 6]
    out = [0]
    for x in xs:
        out.append(out[-1] + x)
    return out


def case_list_binary_search():
    xs = list(range(0, 100, 7))

    def bsearch(target):
        lo = 0
        hi = len(xs) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            if xs[mid] == target:
                return mid
            if xs[mid] < target:
                lo = mid + 1
            else:
                hi = mid - 1
        return -1

    return [bsearch(t) for t in (0, 49, 98, 50, -1, 1000)]


def case_list_matrix_multiply():
    a = [[1, 2], [3, 4], [5, 6]]
    b = [[7, 8, 9], [10, 11, 12]]
    return [[sum(a[i][k] * b[k][j] for k in range(2)) for j in range(3)] for i in range(3)]


def case_list_quicksort_functional():
    def qsort(xs):
        if len(xs) <= 1:
            return xs
        pivot = xs[0]
        return qsort([x for x in xs[1:] if x < pivot]) + [pivot] + qsort([x for x in xs[1:] if x >= pivot])

    return qsort([3, 6, 1, 8, 2, 9, 2, 7, -1])


def case_list_of_lists_copy_by_comprehension():
    grid = [[0] * 3 for _ in range(2)]
    return (grid, len(grid), grid[0] == grid[1])


def case_list_large_build():
    out = []
    for i in range(100000):
        out.append(i % 7)
    return (len(out), sum(out), out[-5:])


def case_list_nested_index_chain():
    m = [[1, [2, [3, [4]]]]]
    return (m[0][1][1][1][0], m[0][1][0], m[-1][-1][-1][0])


def case_list_star_args_call():
    def f(a, b, c):
        return a * 100 + b * 10 + c

    xs = [1, 2, 3]
    return (f(*xs), f(*xs[:2], 9), f(0, *[4, 5]))


def case_nan_is_itself_in_containers_but_two_nans_are_not():
    import math

    n = float("nan")
    xs = [n, 1]
    xs.remove(n)
    d = {n: 1}
    d[n] = 2
    m = float("inf") - float("inf")
    return (
        [n] == [n],
        (n, 1) == (n, 1),
        n in {n},
        len({n, n}),
        d[n],
        len(d),
        xs,
        [float("nan")] == [float("nan")],
        len({float("nan"), float("nan")}),
        float("nan") in [float("nan")],
        [math.nan] == [math.nan],
        [m] == [m],
        {"k": n} == {"k": n},
    )


def case_list_index_beyond_64_bits_raises():
    return [1, 2][2**64]


def case_list_index_bounds_beyond_64_bits_clamp():
    out = [[1, 2, 3].index(3, -(10**20)), [3, 1, 4].index(4, 0, 10**20), (3, 1, 4).index(4, 0, 2**63)]
    for f in (lambda: [1, 2, 3].index(3, 10**20), lambda: [1, 2].insert(10**20, 9), lambda: [1, 2].pop(2**63)):
        try:
            out.append(f())
        except (ValueError, OverflowError, IndexError) as e:
            out.append(type(e).__name__)
    return out


def case_list_constructor_argument_errors():
    out = []
    for f in (lambda: int("11", 2, base=2), lambda: {}.update({1: 2}, {3: 4})):
        try:
            out.append(f())
        except TypeError as e:
            out.append(type(e).__name__)
    return out
