"""`itertools` and `bisect`, which pyfora provides in Python of its own:
items, laziness (how much of a shared iterator is consumed) and errors."""

import bisect
import itertools
from itertools import accumulate, chain, combinations, islice, permutations, product, zip_longest


def case_itertools_infinite_and_repeating():
    return (
        list(islice(itertools.count(), 5)),
        list(islice(itertools.count(10, -2.5), 4)),
        list(islice(itertools.cycle("ab"), 5)),
        list(itertools.cycle([])),
        list(itertools.repeat("x", 3)),
        list(itertools.repeat(1, -2)),
        list(islice(itertools.repeat(7), 3)),
    )


def case_itertools_combining():
    return (
        list(chain([1, 2], (3,), "ab", range(2))),
        list(itertools.chain()),
        list(accumulate([1, 2, 3, 4])),
        list(accumulate([3, 1, 4, 1, 5], max)),
        list(accumulate([1, 2, 3], initial=100)),
        list(accumulate([], initial=5)),
        list(accumulate([])),
        list(zip_longest("abc", [1], fillvalue="-")),
        list(zip_longest()),
        list(zip_longest([1, 2], [3])),
        list(itertools.pairwise("abcd")),
        list(itertools.starmap(pow, [(2, 3), (3, 2)])),
        list(itertools.compress("abcdef", [1, 0, 1, 0, 1, 1])),
        list(itertools.dropwhile(lambda x: x < 3, [1, 2, 3, 1, 4])),
        list(itertools.takewhile(lambda x: x < 3, [1, 2, 3, 1, 4])),
        list(itertools.filterfalse(None, [0, 1, "", "a"])),
        list(itertools.filterfalse(lambda x: x % 2, range(7))),
        [list(t) for t in itertools.tee([1, 2, 3], 3)],
    )


def case_itertools_combinatorics():
    return (
        list(product("ab", range(2))),
        list(product([1, 2], repeat=2)),
        list(product()),
        list(permutations(range(3))),
        list(permutations("abcd", 2)),
        list(permutations([1, 2], 3)),
        list(combinations("abcd", 2)),
        list(combinations(range(4), 0)),
        list(combinations([1], 2)),
        list(itertools.combinations_with_replacement("abc", 2)),
        list(itertools.combinations_with_replacement([], 2)),
        len(list(permutations(range(6)))),
        sum(1 for _ in combinations(range(10), 4)),
    )


def case_islice_consumes_what_cpython_consumes():
    it = iter(range(20))
    first = list(islice(it, 3))
    middle = list(islice(it, 2, 8, 3))
    rest = list(it)
    it2 = iter(range(10))
    empty = list(islice(it2, 5, 3))
    return (first, middle, rest, empty, list(it2), list(islice("abcdefg", 1, None, 2)), list(islice([1, 2, 3], None)))


def case_islice_negative_index_raises():
    return list(islice(range(5), -1))


def case_islice_zero_step_raises():
    return list(islice(range(5), 0, 5, 0))


def case_permutations_negative_r_raises():
    return list(permutations([1, 2], -1))


def case_bisect_searches():
    a = [1, 2, 2, 2, 5, 8, 13]
    words = ["apple", "fig", "banana", "kiwi"]
    by_length = sorted(words, key=len)
    return (
        [bisect.bisect_left(a, x) for x in (0, 2, 3, 13, 14)],
        [bisect.bisect_right(a, x) for x in (0, 2, 3, 13, 14)],
        [bisect.bisect(a, x) for x in (2, 6)],
        bisect.bisect_left(a, 2, 2, 5),
        bisect.bisect_right(a, 2, hi=3),
        bisect.bisect_left(by_length, 4, key=len),
    )


def case_bisect_negative_lo_raises():
    return bisect.bisect_left([1, 2], 1, -1)


def case_itertools_chain_from_iterable():
    import itertools
    from itertools import chain
    rows = [[1, 2], [], [3], (4, 5)]
    lazy = itertools.chain.from_iterable(str(i) for i in range(3))
    return (list(itertools.chain.from_iterable(rows)), list(chain.from_iterable(["ab", "c"])), next(lazy), list(lazy))


def case_itertools_islice_beyond_maxsize_raises():
    import itertools
    return list(itertools.islice([1, 2, 3], 2**63))


def case_itertools_round_with_huge_ndigits():
    return (round(1.5, 10**20), round(2.5, -(10**20)), round(5, 10**20), round(123456, -10), round(-0.0, 10**30))


def case_itertools_groupby():
    from itertools import groupby

    words = ["apple", "avocado", "banana", "blueberry", "cherry", "apricot"]
    runs = [(k, list(g)) for k, g in groupby("aaabccdaa")]
    by_letter = [(k, len(list(g))) for k, g in groupby(words, key=lambda w: w[0])]
    keys_only = [k for k, _ in groupby([1, 1, 2, 3, 3, 3, 1])]
    stale = [(k, list(g)) for k, g in list(groupby("aabbc"))]
    partial = []
    for k, g in groupby([1, 1, 1, 2, 2, 3]):
        partial.append((k, next(g)))
    empty = list(groupby([]))
    it = groupby([0.5, 1.5, 1.7, 2.2], key=int)
    k1, g1 = next(it)
    k2, g2 = next(it)
    return runs, by_letter, keys_only, stale, partial, empty, (k1, list(g1), k2, list(g2))


def case_batched_when_available():
    import itertools

    if not hasattr(itertools, "batched"):
        return "no batched"
    return list(itertools.batched("abcdefg", 3)), list(itertools.batched(range(4), 2)), list(itertools.batched([], 5))


def case_combinations_of_larger_pools():
    import itertools

    c3 = list(itertools.combinations(range(7), 3))
    c5 = list(itertools.combinations("abcdef", 5))
    r3 = list(itertools.combinations_with_replacement(range(4), 3))
    return len(c3), c3[:4], c3[-3:], c5, len(r3), r3[:5], r3[-2:], list(itertools.combinations_with_replacement([], 0))


def case_any_all_over_an_iterator_leave_it_where_they_stopped():
    it = iter([0, 0, 3, 4, 5])
    first = any(x for x in it)
    rest = list(it)
    r = iter(range(10))
    below = all(x < 3 for x in r)
    t = iter((0, 0, 3, 4, 5))
    found = any(x > 2 for x in t)
    return (first, rest, below, list(r), found, next(t))


def case_bisect_with_hi_minus_one_searches_the_whole_list():
    import bisect

    a = [1, 2, 3, 5, 8]
    return (bisect.bisect_right(a, 5, hi=-1), bisect.bisect_left(a, 4, 0, -1), bisect.bisect(a, 9, hi=-1), bisect.bisect_left(a, 4, 0, -2))


def case_iter_callable_stopiteration_ends_the_iteration():
    import functools

    xs = iter([1, 2, 3])
    ys = iter([1, 2, 3, 99, 4])
    return (list(iter(functools.partial(next, xs), 99)), list(iter(functools.partial(next, ys), 99)))


def _two_then_error():
    yield 0
    yield 1
    raise ValueError("source failed")


def case_itertools_tee_is_lazy_and_shares_its_source():
    a, b = itertools.tee(itertools.count())
    first = (next(a), next(a), next(b))
    it = iter([1, 2, 3, 4])
    c, d = itertools.tee(it)
    next(it)
    x, y, z = itertools.tee(range(300), 3)
    whole = list(x)
    return first, list(c), list(d), sum(whole), list(islice(y, 4)), len(list(z)), list(y)[-1], itertools.tee([1], 0)


def case_itertools_tee_branches_see_items_before_an_error():
    a, b = itertools.tee(_two_then_error())
    return next(a), next(b), next(a), next(b)


def case_itertools_tee_error_of_the_source_raises():
    a, b = itertools.tee(_two_then_error())
    return list(a)


def case_itertools_repeat_times_none_raises():
    return list(itertools.repeat(1, None))


def case_itertools_repeat_times_keyword():
    return list(itertools.repeat("x", times=2)), list(islice(itertools.repeat(0), 2))


def case_itertools_count_converts_an_int_start():
    return (
        list(islice(itertools.count(True), 3)),
        list(islice(itertools.count(False, True), 3)),
        list(islice(itertools.count(1.5, 0.5), 3)),
        list(islice(itertools.count(True, 1.0), 2)),
        list(islice(itertools.count(2**70), 2)),
    )


def case_itertools_count_of_a_string_raises():
    return itertools.count("a")


def case_itertools_combinations_float_r_raises_before_reading():
    return list(combinations(_two_then_error(), 2.0))


def case_itertools_combinations_huge_r_raises():
    return list(combinations([1, 2], 10**20))


def case_itertools_permutations_float_r_raises():
    return list(permutations([], 2.0))


def case_itertools_permutations_bool_r():
    return list(permutations([1, 2, 3], True)), list(itertools.combinations_with_replacement("ab", True))


def case_itertools_product_repeat_zero_reads_nothing():
    return list(product(_two_then_error(), repeat=0)), list(product(repeat=0))


def case_itertools_product_float_repeat_raises():
    return list(product([1], repeat=1.0))


def case_builtin_min_compares_while_reading_raises():
    # The comparison fails before the generator does.
    return min(chain([[1], "x"], _two_then_error()))


def case_builtin_max_key_error_comes_first_raises():
    return max(_two_then_error(), key=lambda x: 1 / (x - 1))


def case_builtin_min_of_endless_iterator_key_raises():
    return min(itertools.count(), key=lambda x: 1 / (x - 2))


def case_builtin_sorted_reads_items_before_reverse_raises():
    return sorted(_two_then_error(), reverse=None)


def case_itertools_tee_keyword_n_raises():
    return itertools.tee([1, 2], n=2)
