"""Conformance cases: edge cases of sorting, ordering, parsing and sizes
(found by differential testing against CPython)."""

import math

NAN = float("nan")


def _nan_rows(n, every):
    return [NAN if (i * 7919) % every == 0 else float((i * 104729) % (n // 2 + 1)) for i in range(n)]


def case_edge_sort_with_nan_small():
    return (sorted([3, NAN, 1, 2]), sorted([NAN, 2.0, 1.0]), sorted([2.0, 1.0, NAN, 0.5, -1.0], reverse=True), sorted([1.0, NAN], key=lambda x: -x))


def case_edge_sort_with_nan_long_runs_merge_like_cpython():
    out = []
    for n in (65, 130, 300, 1000):
        rows = _nan_rows(n, 11)
        out.append(sorted(rows))
        out.append(sorted(rows, reverse=True))
    return out


def case_edge_sort_sets_by_inclusion():
    data = [{1, 2}, {3}, set(), {1}, {2}, {2, 3}, {1, 2, 3}, {4}]
    return (sorted(data), sorted(data * 12)[:20])


def case_edge_list_sort_in_place_with_nan():
    a = _nan_rows(200, 5)
    a.sort()
    return a


def case_edge_float_ordered_against_str_raises():
    return 1.5 < "a"


def case_edge_float_ordered_against_none_raises():
    return 2.0 > None


def case_edge_sorted_mixed_float_and_str_raises():
    return sorted([2.0, "b", 1.0])


def case_edge_nan_ordered_against_numbers_is_false():
    return (NAN < 1, NAN >= 1, 1 <= NAN, NAN > True, NAN < 2 ** 80)


def case_edge_int_parsing_rejects_misplaced_underscores():
    out = []
    for text, base in (("_1", 10), ("-_1", 10), ("_ff", 16), ("1_", 10), ("1__0", 10), ("0x_ff", 16), ("0x_ff", 0), ("1_000", 10), ("0b_1", 0)):
        try:
            out.append(int(text, base))
        except ValueError:
            out.append("ValueError")
    return out


def case_edge_float_parsing_rejects_misplaced_underscores():
    out = []
    for text in ("1._0", "1_.5", "1e_5", "1_e1", "._5", "1_0.5", "1.5_5", "1e1_0", "_1.0", "1.0_"):
        try:
            out.append(float(text))
        except ValueError:
            out.append("ValueError")
    return out


def case_edge_float_power_overflow_args():
    try:
        return 2.0 ** 10000
    except OverflowError as e:
        return e.args


def case_edge_huge_left_shift_raises_memory_error():
    return 3 << (2 ** 53 + 1)


def case_edge_zero_shifted_by_a_huge_count():
    return (0 << 2 ** 70, 0 << 2 ** 40, -1 >> 2 ** 70)


def case_edge_huge_repetition_raises_overflow():
    return "ab" * 2 ** 62


def case_edge_huge_list_repetition_raises_memory_error():
    return [0] * 2 ** 62


def case_edge_math_degrees_overflows_to_inf():
    return (math.degrees(1e308), math.radians(1e308), math.degrees(-1e308))


def case_edge_math_perm_with_none():
    return (math.perm(5, None), math.perm(5), math.perm(5, 2))


def case_edge_list_pop_checks_the_index_type_first_raises():
    return [].pop("x")


def case_edge_sorted_reverse_none():
    # A TypeError before 3.12, accepted (as false) from 3.12.
    try:
        return sorted([2, 1], reverse=None)
    except TypeError:
        return "TypeError"


def case_edge_sequence_repetition_by_index_objects():
    class Two:
        def __index__(self):
            return 2

    return ("ab" * Two(), Two() * [1], (0,) * Two())


def case_edge_user_setitem_is_called():
    class Strict:
        def __setitem__(self, key, value):
            raise KeyError(key)

    s = Strict()
    try:
        s[1] = 2
    except KeyError as e:
        return ("KeyError", e.args)
    return "no error"


def case_edge_set_looked_up_as_frozenset():
    keys = {frozenset([1]), frozenset()}
    return ({1} in keys, set() in keys, {2} in keys, {1} not in keys)


def case_edge_int_is_integer_by_version():
    # A method of int from 3.12; an AttributeError before.
    try:
        return (5).is_integer()
    except AttributeError:
        return "AttributeError"


# --- arity of builtin methods, bool attributes, view intersections, big
# arguments of math and itertools -------------------------------------------


def case_edge_list_pop_with_two_arguments_raises():
    return [3, 1, 2].pop(0, 99)


def case_edge_dict_get_with_three_arguments_raises():
    return {1: 2}.get(1, 0, 99)


def case_edge_int_bit_length_with_an_argument_raises():
    return (7).bit_length(99)


def case_edge_list_sort_positional_key_raises():
    a = [3, 1, 2]
    a.sort(None)
    return a


def case_edge_set_add_keyword_raises():
    s = {1}
    s.add(x=2)
    return s


def case_edge_list_remove_arity_checked_before_the_search_raises():
    return [3, 1, 2].remove({1, 2}, [1, 2])


def case_edge_methods_with_their_own_arities():
    a = [5, 6, 7, 6]
    a.sort(key=lambda v: -v, reverse=True)
    return (a, a.index(6, 1, 4), {1: 2}.pop(3, None), {1, 2}.union({3}, [4], (5,)), {1}.issubset([1, 2]), (1.5).hex(), (6).as_integer_ratio())


def case_edge_bool_real_and_numerator_are_ints():
    return (True.real, True.numerator, False.real, True.denominator, True.imag, "{0.real}".format(False))


def case_edge_hash_of_empty_string_is_zero():
    return (hash(""), hash(("", 1)) == hash(("", 1)))


def case_edge_dict_view_intersection_keeps_the_walked_items():
    d = {1.0: "x", 2: "y"}
    return (
        list({1.0: "x"}.keys() & [1, 2]),
        list({0: "x"}.keys() & [False, 7]),
        list({1.0: "x"}.items() & [(1, "x"), (2, "y")]),
        list([1, 2] & {1.0: "x"}.keys()),
        sorted(d.keys() & {1, 2, 3}),
        [type(k).__name__ for k in d.keys() & {1, 2, 3}],
        [type(k).__name__ for k in d.keys() & {1}],
        [type(k).__name__ for k in d.keys() & {1: 0, 2: 0, 5: 0}.keys()],
    )


def case_edge_math_comb_with_huge_k_and_small_complement():
    return (math.comb(10**20, 10**20 - 2), math.comb(2**64 + 1, 2**64), math.perm(10**20, 2), math.comb(50, 25), math.perm(30))


def case_edge_math_perm_of_huge_n_raises():
    return math.perm(2**63)


def case_edge_math_factorial_of_huge_n_raises():
    return math.factorial(2**63)


def case_edge_math_factorial_large_is_exact():
    f = math.factorial(3000)
    return (f % 1000000007, f.bit_length(), math.factorial(0), math.factorial(1), math.factorial(20))


def case_edge_operator_index_of_big_int():
    import operator
    return (operator.index(2**63), operator.index(-(2**70)), operator.index(True))


def case_edge_itertools_repeat_huge_count_raises():
    import itertools
    return list(itertools.repeat(0, 2**63))


def case_edge_itertools_repeat_float_count_raises():
    import itertools
    return list(itertools.repeat(0, 1.5))


def case_edge_string_module_constants_and_capwords():
    import string
    return (string.digits, string.ascii_letters, string.punctuation, string.whitespace, string.printable, string.hexdigits,
            string.octdigits, string.capwords("  hello   wORLD  "), string.capwords("a-b-c", "-"), string.capwords("x y", sep=None))


def case_edge_slice_indices_past_64_bits():
    return (slice(None, None, 10**20).indices(5), slice(-10**20, 10**20).indices(7 * 10**19),
            slice(10**30, None, -10**25).indices(10), slice(2, 9, 3).indices(2**70))


def case_edge_too_many_positional_arguments_wording():
    def plain(a, b):
        return a

    def defaulted(a, b=1):
        return a

    def keyword_only(a, *, k):
        return a

    out = []
    for call in (lambda: plain(1, 2, 3), lambda: defaulted(1, 2, 3), lambda: keyword_only(1, 2, k=3)):
        try:
            call()
        except TypeError as e:
            out.append(str(e).split("() ")[-1])
    return out


def case_edge_pow_of_unsupported_types_message():
    try:
        return "a" ** 2
    except TypeError as e:
        return str(e)


def case_edge_version_gated_int_bit_count_and_zero_padded_strings():
    out = []
    try:
        out.append((255).bit_count())  # 3.10+
    except AttributeError as e:
        out.append(str(e))
    try:
        out.append(format("ab", "05"))  # a ValueError before 3.10
    except ValueError as e:
        out.append(str(e))
    return out


def case_edge_slices_hash_from_3_12():
    try:
        return hash(slice(1, 2)) == hash(slice(1, 2)), hash(slice(1, 2, None)) == hash(slice(1, 2)), hash(slice(0, 10**20, -3))
    except TypeError as e:
        return str(e)


def case_edge_slices_and_ellipsis_come_back():
    return slice(1, None, -2), slice(None), Ellipsis, [slice(0, 10**20)], (..., 3)


def case_edge_system_exit_code_and_generator_name():
    def numbers():
        yield 1

    return SystemExit(3).code, SystemExit().code, SystemExit(1, 2).code, numbers().__name__


def case_edge_operator_count_of_and_index_of():
    import operator
    return operator.countOf([1, 2, 1, 1.0], 1), operator.indexOf((3, 4, 5), 5), operator.countOf("banana", "a")


def case_edge_operator_index_of_missing_raises():
    import operator
    return operator.indexOf([1, 2], 3)


def case_assignment_of_and_or_reads_the_old_value():
    x, y, z = 0, 5, [0]
    a = 1
    x = a and x
    y = 0 < a < y
    z = a and z[0]
    w = True
    w = (a and False) or w
    return x, y, z, w


def case_assignment_of_and_or_keeps_the_old_value_on_error():
    c = 0
    v = "unset"
    try:
        v = c or 1 // c
    except ZeroDivisionError:
        pass
    u = "unset"
    try:
        u = 0 <= c < 1 // c
    except ZeroDivisionError:
        pass
    return v, u


def case_failed_sort_keeps_every_item():
    a = [2, {0}]
    try:
        a.sort()
    except TypeError:
        pass
    b = [3, 1, 2, 0]
    try:
        b.sort(key=lambda x: 10 // x)
    except ZeroDivisionError:
        pass
    c = [5, 4, 3, 2, 1, "x", 0, 9, 8]
    try:
        c.sort(reverse=True)
    except TypeError:
        pass
    return a, b, c


def case_failed_extend_keeps_the_items_taken():
    v = [9]
    try:
        v.extend(10 // x for x in [1, 0, 2])
    except ZeroDivisionError:
        pass
    w = [9]
    try:
        w += (10 // x for x in [1, 0, 2])
    except ZeroDivisionError:
        pass
    d = {1: 1}
    try:
        d.update((k, 10 // k) for k in [2, 0, 3])
    except ZeroDivisionError:
        pass
    return v, w, d


def case_lcm_checks_every_argument_raises():
    import math
    return math.lcm(0, 2.5)


def case_ldexp_with_huge_exponents():
    import math
    out = [math.ldexp(-1e308, -10**20), math.ldexp(0.0, 2**64), math.ldexp(5e-324, -2**70)]
    for x, n in [(3.14, 12345678901234567890), (1.0, 2**63)]:
        try:
            math.ldexp(x, n)
        except OverflowError:
            out.append("overflow")
    return out


def case_int_checks_the_base_first_raises():
    return int(5, 1)


def case_int_base_without_value_raises():
    return int(base=10)


def case_empty_sequences_repeat_at_once():
    n = 10**16
    return [] * n, () * n, "" * n, [1] * 0, len([7] * 3)
