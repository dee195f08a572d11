"""Conformance cases aimed at the native tier: numeric functions it compiles
(ints, floats, bools, range loops, math calls, direct and recursive calls,
functions passed as arguments) at the edges where native code must bail out
to the interpreter (overflow, division by zero, domain errors, inexact
int/float conversions). Under ``PYFORA_TEST_TIERS=native`` the helpers run
as native code; under ``interpreter`` the same cases check the reference.

Helpers take their inputs as arguments (called from the case with values,
so the compiler sees argument types, not constants).
"""

import math

I64_MAX = 2**63 - 1
I64_MIN = -(2**63)


def _add(a, b):
    return a + b


def _sub(a, b):
    return a - b


def _mul(a, b):
    return a * b


def _floordiv(a, b):
    return a // b


def _mod(a, b):
    return a % b


def _truediv(a, b):
    return a / b


def _neg(a):
    return -a


def _cube(a):
    return a ** 3


def _lt(a, b):
    return a < b


def _eq(a, b):
    return a == b


def _sum_range(start, stop, step):
    total = 0
    for i in range(start, stop, step):
        total += i
    return total


def _float_loop(n):
    result = 0.0
    while n > 0:
        result = result + n
        n = n - 1
    return result


def _is_prime(p):
    if p < 2:
        return 0
    x = 2
    while x * x <= p:
        if p % x == 0:
            return 0
        x += 1
    return 1


def _count_primes(n):
    count = 0
    for i in range(n):
        count += _is_prime(i)
    return count


def _dc(a, b, f):
    if b - a <= 1:
        if b > a:
            return f(a)
        return 0.0
    mid = (a + b) // 2
    return _dc(a, mid, f) + _dc(mid, b, f)


def _fib(n):
    if n < 2:
        return n
    return _fib(n - 1) + _fib(n - 2)


def _sin_sum(n):
    total = 0.0
    for i in range(n):
        total += math.sin(i)
    return total


def _sqrt_of(x):
    return math.sqrt(x)


def _log_of(x):
    return math.log(x)


def _truthy(x):
    if x:
        return 1
    return 0


def _not(x):
    return not x


def _abs(x):
    return abs(x)


def _to_int(x):
    return int(x)


def _to_float(x):
    return float(x)


def _loop_sum_f(n, f):
    result = 0.0
    while n > 0:
        result = result + f(n)
        n = n - 1
    return result


def _nothing(x):
    y = x + 1  # noqa: F841


def _collatz_steps(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


# --- integer arithmetic and its overflow into big ints ------------------------

def case_native_int_add_sub_mul_small():
    return (_add(3, 4), _sub(3, 10), _mul(-6, 7), _add(True, True), _mul(True, 5))


def case_native_int_add_overflows_to_bigint():
    return (_add(I64_MAX, 1), _sub(I64_MIN, 1), _mul(I64_MAX, 2), _mul(I64_MIN, -1), _neg(I64_MIN))


def case_native_int_pow_small_exponent_and_overflow():
    return (_cube(-7), _cube(2**21), _cube(2**21 + 1), _cube(0))


def case_native_floor_division_and_modulo_signs():
    pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5), (2**31 - 1, 3), (2**31, 7), (-(2**31), 7), (I64_MAX, 10), (I64_MIN, 10), (I64_MIN, 3)]
    return [(a, b, _floordiv(a, b), _mod(a, b)) for a, b in pairs]


def case_native_division_at_the_32_bit_fast_path_edges():
    # The 32-bit divide takes dividends below 2**31 and divisors 1..2**31.
    edges = [0, 1, 2, 3, 2**31 - 1, 2**31, 2**31 + 1, 2**32 - 1, 2**32, 2**32 + 1, -1, -2, -(2**31), -(2**31) - 1, I64_MAX, I64_MIN]
    return [(a, b, _floordiv(a, b), _mod(a, b)) for a in edges for b in edges if b != 0]


def _step_up(x):
    return x + 7


def _step_down(x):
    return x - 7


def _step_back(x):
    return -7 + x


def _count_up(x, n):
    for _ in range(n):
        x += 1
    return x


def case_native_adding_a_constant_at_the_int64_edges():
    xs = [0, -1, 7, -7, I64_MAX - 7, I64_MAX - 6, I64_MAX, I64_MIN + 7, I64_MIN + 6, I64_MIN]
    return [(_step_up(x), _step_down(x), _step_back(x)) for x in xs] + [_count_up(I64_MAX - 3, 6), _count_up(-5, 10)]


def case_native_floor_division_min_by_minus_one():
    return (_floordiv(I64_MIN, -1), _mod(I64_MIN, -1))


def case_native_int_floordiv_by_zero_raises():
    return _floordiv(5, 0)


def case_native_int_mod_by_zero_raises():
    return _mod(5, 0)


def case_native_int_true_division():
    return (_truediv(7, 2), _truediv(-7, 2), _truediv(1, 3), _truediv(2**53, 3), _truediv(2**53 + 1, 3), _truediv(I64_MAX, 7))


def case_native_int_true_division_by_zero_raises():
    return _truediv(1, 0)


# --- floats ------------------------------------------------------------------

def case_native_float_arithmetic_mixed_with_ints():
    return (_add(1.5, 2), _sub(2, 0.25), _mul(3, 0.1), _truediv(1.0, 3), _truediv(7, 0.5), _add(0.1, 0.2))


def case_native_float_floordiv_mod_pow():
    pairs = [(7.5, 2.0), (-7.5, 2.0), (7.5, -2.0), (-0.0, 1.0), (1e308, 1e-308), (5, 2.5)]
    return [(_floordiv(a, b), _mod(a, b)) for a, b in pairs] + [_cube(1.5), _cube(-2.0)]


def case_native_float_division_by_zero_raises():
    return _truediv(1.5, 0.0)


def case_native_float_mod_by_zero_raises():
    return _mod(1.5, 0.0)


def case_native_float_loop_sum():
    return (_float_loop(1000), _float_loop(0), _float_loop(3))


def case_native_comparisons_int_float_exactness():
    big = 2**53
    return (
        _lt(big + 1, float(big + 1)),
        _eq(big + 1, float(big + 1)),
        _eq(big, float(big)),
        _lt(1, 1.5),
        _lt(2.5, 2),
        _eq(I64_MAX, float(I64_MAX)),
        _lt(I64_MAX, 9.3e18),
        _eq(float("nan"), float("nan")),
        _lt(float("nan"), 1),
    )


def case_native_truthiness_and_not():
    return ([_truthy(v) for v in (0, 1, -1, 0.0, -0.0, 2.5, float("nan"), True, False, None)], [_not(v) for v in (0, 3, 0.0, 1.5, True, None)])


def case_native_abs_int_float():
    return (_abs(-5), _abs(5), _abs(-2.5), _abs(-0.0), _abs(I64_MIN), _abs(True))


def case_native_int_and_float_conversions():
    return (_to_int(3.9), _to_int(-3.9), _to_int(-0.5), _to_int(1e18), _to_int(9.3e18), _to_int(True), _to_float(7), _to_float(2**62 + 1), _to_float(False))


def case_native_int_of_nan_raises():
    return _to_int(float("nan"))


def case_native_int_of_inf_raises():
    return _to_int(float("inf"))


# --- loops, calls, recursion -----------------------------------------------------

def case_native_range_loops_all_step_signs():
    return (_sum_range(0, 10, 1), _sum_range(10, 0, -1), _sum_range(-5, 20, 3), _sum_range(5, 5, 1), _sum_range(0, 10, -1), _sum_range(I64_MAX - 3, I64_MAX, 1))


def case_native_range_zero_step_raises():
    return _sum_range(0, 10, 0)


def case_native_range_sum_overflows_to_bigint():
    return _sum_range(I64_MAX - 10, I64_MAX, 1)


def case_native_primes_by_direct_calls():
    return (_count_primes(2000), [_is_prime(p) for p in (0, 1, 2, 3, 4, 97, 7919, 2**31 - 1)])


def case_native_recursion():
    return (_fib(20), _fib(0), _fib(1))


def case_native_functions_passed_as_arguments():
    return (_dc(0, 1000, lambda x: x ** 0.5), _dc(0, 100, lambda x: x * 2.0), _loop_sum_f(1000, lambda x: (x + 3.0) * 2.0 + 1.0), _loop_sum_f(10, _to_float))


def case_native_function_argument_with_int_overflow():
    return _loop_sum_f(5, lambda x: x * I64_MAX + 0.5)


def case_native_math_calls_and_domain_errors_bail():
    return (_sin_sum(1000), _sqrt_of(2), _sqrt_of(2.25), _log_of(10), _log_of(1e-300))


def case_native_sqrt_of_negative_raises():
    return _sqrt_of(-1.0)


def case_native_log_of_zero_raises():
    return _log_of(0)


def _exp_sum(n):
    total = 0.0
    for i in range(n):
        total += math.exp(i)
    return total


def case_native_math_of_int_arguments_within_range():
    return (_exp_sum(700), _log_of(1), _sqrt_of(10**15))


def case_native_math_of_int_argument_overflow_raises():
    return _exp_sum(1000)


def case_native_math_of_negative_int_argument_raises():
    return _sqrt_of(-4)


def case_native_function_without_return_gives_none():
    return (_nothing(1), _nothing(2.5))


def case_native_collatz_mixed_branches():
    return [_collatz_steps(n) for n in (1, 7, 27, 97, 871, 2**40 + 1)]


# --- sum() of generator expressions over ranges (reduction kernels) -------------

def case_native_sum_kernel_ints_floats_and_empty():
    n = 1000
    return (
        sum(i * i for i in range(n)),
        sum(i % 7 for i in range(n) if i % 3 == 0),
        sum(math.sin(i) for i in range(n)),
        sum(1.0 / (i + 1) for i in range(n)),
        sum(float(i) for i in range(0)),
        sum(float(i) for i in range(10) if i > 100),
        sum(i for i in range(10, -10, -3)),
        sum(i > 5 for i in range(10)),
    )


def case_native_sum_kernel_compensation_matters():
    return (sum(x for x in (1e16, 1.0, -1e16)), sum(1e16 if i % 2 == 0 else 1.0 for i in range(11)), sum((-1.0) ** i * 1e-3 for i in range(1000)))


def case_native_sum_kernel_overflows_to_bigint():
    big = 2**62
    return (sum(big for i in range(8)), sum(i * big for i in range(-4, 4)))


def case_native_sum_kernel_nested_loops_and_calls():
    return (sum(i * j for i in range(30) for j in range(i)), sum(_is_prime(i) for i in range(3000)), sum(_fib(i % 12) for i in range(200)))


def case_native_sum_kernel_with_start_and_mixed_items():
    return (sum((i for i in range(10)), 5), sum((i for i in range(10)), 0.5), sum(i if i % 2 else float(i) for i in range(10)))


def case_native_sum_kernel_consumes_a_shared_range_iterator():
    it = iter(range(10))
    total = sum(x for x in it)
    return (total, list(it), next(it, "exhausted"))


def case_native_sum_kernel_error_in_body_raises():
    return sum(10 // (i - 5) for i in range(10))


def case_native_sum_kernel_domain_error_raises():
    return sum(math.sqrt(i - 3) for i in range(10))


# --- instances as constants: callable objects, attributes, methods ---------------

class _Add:
    def __init__(self, c):
        self.c = c

    def __call__(self, x):
        return x + self.c


class _Multiply:
    def __init__(self, c):
        self.c = c

    def __call__(self, x):
        return x * self.c


class _Compose:
    def __init__(self, f, g):
        self.f = f
        self.g = g

    def __call__(self, x):
        return self.f(self.g(x))


class _Scaler:
    factor = 3
    offset = None

    def __init__(self, base, helper):
        self.base = base
        self.helper = helper
        self.twice = helper(self) if helper is not None else 0

    def scale(self, x):
        return self.base + x * self.factor

    def apply(self, n):
        total = 0
        for i in range(n):
            total += self.scale(i)
        return total


def _peek_base(obj):
    return obj.base * 2


def case_native_callable_instances_compose():
    f = _Compose(_Add(1.0), _Compose(_Multiply(2.0), _Add(3)))
    return (_loop_sum_f(1000, f), _loop_sum_f(10, _Add(1)), _loop_sum_f(10, _Compose(_Add(0.5), _Multiply(2))))


def case_native_methods_and_class_attributes():
    s = _Scaler(10, None)
    return (s.apply(100), s.apply(0), s.scale(2.5))


def case_native_instance_passed_during_init_is_not_frozen():
    s = _Scaler(7, _peek_base)
    return (s.twice, s.apply(5))


def case_native_int_overflow_inside_a_method_chain():
    f = _Compose(_Multiply(I64_MAX), _Add(1))
    return _loop_sum_f(3, f)


# --- lists built by native code ----------------------------------------------

def _squares_mean(n):
    lst = [x * x for x in range(n)]
    return sum(lst) / len(lst)


def _filtered_float_list(n):
    a = [x * 0.1 for x in range(n) if x % 3]
    total = 0.0
    for v in a:
        total += v
    return total + a[-1] + a[0] + sum(a) + len(a)


def _bool_list(n):
    flags = [x % 4 == 1 for x in range(n)]
    return sum(flags) + len(flags)


def _nested_comprehension(n):
    cells = [i * j for i in range(n) for j in range(i) if (i + j) % 2]
    return sum(cells) - len(cells)


def _index(n, i):
    a = [x * 3 for x in range(n)]
    return a[i]


def _literal_list(a, b):
    xs = [a, b, a + b]
    return sum(xs) * xs[1] + len(xs)


def _big_list_sum(n):
    return sum([I64_MAX // 4 + x for x in range(n)])


def _float_list_sum(n):
    return sum([0.1 * (x % 7) - 0.3 for x in range(n)])


def _empty_float_list_sum(n):
    return sum([x * 1.0 for x in range(n)])


def case_native_list_comprehension_sum_and_len():
    return (_squares_mean(1), _squares_mean(10), _squares_mean(2000), _squares_mean(3_000_000))


def case_native_list_comprehension_empty_mean_raises():
    return _squares_mean(0)


def case_native_list_filtered_iterated_and_indexed():
    return (_filtered_float_list(2), _filtered_float_list(10), _filtered_float_list(1000))


def case_native_list_filtered_to_nothing_raises():
    return _filtered_float_list(1)


def case_native_list_of_bools_and_nested_loops():
    return (_bool_list(0), _bool_list(9), _nested_comprehension(0), _nested_comprehension(30))


def case_native_list_indexing_from_both_ends():
    return (_index(10, 0), _index(10, 9), _index(10, -1), _index(10, -10), _index(5000, 4321))


def case_native_list_index_past_the_end_raises():
    return _index(10, 10)


def case_native_list_index_before_the_start_raises():
    return _index(10, -11)


def case_native_list_display_of_scalars():
    return (_literal_list(2, 3), _literal_list(0.5, 0.25))


def case_native_list_sum_overflows_to_bigint():
    return (_big_list_sum(3), _big_list_sum(5), _big_list_sum(100))


def case_native_list_float_sum_rounds_like_sum():
    return (_float_list_sum(1), _float_list_sum(10), _float_list_sum(100000), _empty_float_list_sum(0), _empty_float_list_sum(5))


def _int_extreme(n, want_max):
    ints = [(x * 7919) % 101 - 50 for x in range(n)]
    if want_max:
        return max(ints)
    return min(ints)


def _float_extreme(n, want_max):
    floats = [((x * 31) % 17) * 0.25 - 2.0 for x in range(n)]
    if want_max:
        return max(floats)
    return min(floats)


def _bool_extreme(n, want_max):
    flags = [x % 3 == 0 for x in range(n)]
    if want_max:
        return max(flags)
    return min(flags)


def _extreme_with(n, extra, at_end, want_max):
    where = n if at_end else 0
    xs = [extra if i == where else i * 1.0 for i in range(n + 1)]
    if want_max:
        return max(xs)
    return min(xs)


def _pair_extreme(a, b, want_max):
    xs = [a, b]
    if want_max:
        return max(xs)
    return min(xs)


def case_native_list_min_and_max():
    return [(f(n, False), f(n, True)) for f in (_int_extreme, _float_extreme, _bool_extreme) for n in (1, 10, 5000)]


def case_native_list_min_max_keep_cpython_order_with_nan_and_zeros():
    nan = float("nan")
    return (
        [_extreme_with(5, extra, end, want) for extra in (nan, 2.5, -1.0) for end in (False, True) for want in (False, True)],
        [_pair_extreme(a, b, want) for a, b in ((0.0, -0.0), (-0.0, 0.0)) for want in (False, True)],
    )


def case_native_list_min_of_empty_raises():
    return _int_extreme(0, False)


def case_native_list_max_of_empty_raises():
    return _float_extreme(0, True)


# --- min(), max(), any(), all() of generator expressions over ranges ------------

_N = 70_000  # several leaves of a parallel reduction
_NAN = float("nan")


def case_native_min_max_kernels():
    return (
        min((x * 7919) % 10007 for x in range(_N)),
        max((x * 7919) % 10007 - x for x in range(_N)),
        min(math.sin(x) for x in range(_N)),
        max(math.cos(x) * x for x in range(_N)),
        max(x > _N - 5 for x in range(_N)),
        min(x > 5 for x in range(10)),
        min(x for x in range(_N) if x % 3 == 1),
        max(x % 1000 for x in range(_N, 0, -3)),
        min(x * x - 40 * x for x in range(30)),
    )


def case_native_min_max_kernels_keep_the_first_of_equal_items():
    # 0.0 and -0.0 are equal: the first one seen is the answer.
    return (
        min(0.0 if x % 2 else -0.0 for x in range(_N)),
        max(-0.0 if x % 2 else 0.0 for x in range(_N)),
        min(-0.0 if x < _N - 1 else 0.0 for x in range(_N)),
    )


def case_native_min_max_kernels_with_nan_follow_cpython():
    return (
        min(_NAN if x == 5 else float(x % 100 + 1) for x in range(_N)),
        max(float(x) if x else _NAN for x in range(_N)),
        min(_NAN if x == _N - 3 else float(x % 977) for x in range(_N)),
        max(_NAN if x == 40_000 else math.sin(x) for x in range(_N)),
    )


def case_native_min_of_empty_kernel_raises():
    return min(x for x in range(10) if x > 100)


def case_native_max_of_empty_kernel_takes_the_default():
    return (max((x for x in range(10) if x > 100), default=-1), min((float(x) for x in range(0)), default=None))


def case_native_min_kernel_overflow_falls_back():
    return (min(x * 2**61 for x in range(-8, 8)), max(x * 2**61 for x in range(8)))


def case_native_any_all_kernels():
    return (
        any(x * x > _N * 5 for x in range(_N)),
        any(x < 0 for x in range(_N)),
        all(x >= 0 for x in range(_N)),
        all(x < _N // 2 for x in range(_N)),
        any((x if x % 2 else 0.0) > _N for x in range(_N)),
        all(math.sin(x) for x in range(1, _N)),
        any(x == _N - 1 for x in range(_N)),
        all(x != _N - 1 for x in range(_N)),
        any(x for x in range(0)),
        all(x for x in range(0)),
        any(math.sin(x) > 2.0 or _NAN for x in range(3)),
    )


def case_native_any_decides_before_a_later_error():
    # Sequentially the division by zero at 60000 is never reached.
    return (any(x == 20_000 or 1 // (x - 60_000) == 5 for x in range(_N)), all(x < 20_000 and 1 // (x - 60_000) < 5 for x in range(_N)))


def case_native_all_raises_at_the_first_error_before_a_decision():
    return all(1 // (x - 30_000) < 1 for x in range(_N))


def case_native_any_leaves_a_held_generator_resumable():
    g = (x for x in range(_N) if x % 1000 == 999)
    first = any(g)
    h = (x < 5000 for x in range(_N))
    return (first, next(g), next(g), all(h), next(h), list(h)[:2])


# --- reductions whose generator captures the enclosing function's values ----------


def _weighted(n, a, b, flag):
    return (
        sum(a * i + b for i in range(n)),
        max((i * a) % 977 - b for i in range(n)),
        min(math.sin(i * b) for i in range(n)),
        any(i * a > b * 1e6 for i in range(n)) if flag else all(i * a < b * 1e6 for i in range(n)),
        sum(i for i in range(n) if flag),
    )


def _apply_all(n, f, k):
    return sum(f(i, k) for i in range(n))


def _pair(i, k):
    return (i * k) % 13


def case_native_kernels_read_captured_values():
    return (
        _weighted(70_000, 3, 0.5, True),
        _weighted(70_000, -7, 2.25, False),
        _weighted(100, 1, 1.0, True),
        _apply_all(70_000, _pair, 5),
        _apply_all(70_000, _pair, 6),
        _apply_all(100, lambda i, k: i * k * 0.5, 3),
    )


def case_native_kernel_captured_values_of_other_types_fall_back():
    items = [1, 2, 3]
    name = "ab"
    big = 2**70
    return (sum(items[i % 3] for i in range(100)), sum(len(name) * i for i in range(10)), max(big + i for i in range(10)))


def case_native_kernel_captured_value_overflow_falls_back():
    k = 2**62
    return sum(k for i in range(10))


def _fabs_of(x):
    return math.fabs(x)


def case_native_sqrt_and_fabs_edges():
    inf, nan = float("inf"), float("nan")
    return (
        _sqrt_of(-0.0),
        _sqrt_of(inf),
        _sqrt_of(nan),
        _sqrt_of(0),
        _sqrt_of(2**53 + 1),
        _sqrt_of(True),
        _fabs_of(-0.0),
        _fabs_of(-inf),
        _fabs_of(-3),
        _fabs_of(nan),
        sum(math.sqrt(i) for i in range(1000)),
    )


def case_native_sqrt_of_negative_int_raises():
    return _sqrt_of(-4)


def case_native_sqrt_of_negative_infinity_raises():
    return _sqrt_of(float("-inf"))


# --- reductions over the items of lists and tuples ------------------------------

_INTS = list(range(-500, 70_000, 7))
_FLOATS = [i / 3 for i in range(900)]
_FLAGS = [i % 1000 == 999 for i in range(5000)]


def case_native_kernels_over_list_items():
    return (
        sum(x * x for x in _INTS),
        max(x % 1000 - x // 7 for x in _INTS),
        min(abs(x - 30_000) for x in _INTS),
        any(x == 69_995 for x in _INTS),
        all(x < 69_995 for x in _INTS),
        sum(math.sin(f) for f in _FLOATS),
        max(f * f - 100 * f for f in _FLOATS),
        sum(1 for b in _FLAGS if b),
        any(_FLAGS),
        sum(f for f in tuple(_FLOATS)),
        sum(x for x in _INTS[100:]),
        sum(x for x in []),
        min((f for f in _FLOATS if f > 1e9), default=-1.0),
    )


def case_native_kernels_over_mixed_or_big_items_fall_back():
    return (sum(x for x in [1, 2.5, True]), max(x for x in [2**70, 1]), sum(x * 2 for x in [2**62, 2**62]), min(s for s in ["b", "a"]))


def case_native_kernel_over_items_raises_at_the_first_error():
    return sum(100 // (x - 34_500) for x in _INTS if x % 2 == 0)


# --- functions that return the lists they build ----------------------------------


def _squares(n):
    return [x * x for x in range(n)]


def _roots_of_multiples(n, k):
    out = []
    for i in range(n):
        if i % k == 0:
            out.append(math.sqrt(i))
    return out


def _parity(n):
    return [i % 2 == 0 for i in range(n)]


def _nothing_kept(n):
    return [x for x in range(n) if x < 0]


def _powers(n):
    return [x**5 for x in range(n)]


def _sum_of_squares_list(n):
    return sum(_squares(n))


def _appended_then_indexed(n):
    out = []
    for i in range(n):
        out.append(i * 3)
    return [out[i] + out[-1 - i] for i in range(n)]


def _int_or_float_items(n):
    out = []
    for i in range(n):
        out.append(i if i % 2 else i * 0.5)
    return out


def _list_or_number(n):
    if n > 3:
        return [n]
    return n


def case_native_functions_return_the_lists_they_build():
    return (
        _squares(10),
        _squares(0),
        _roots_of_multiples(50, 7),
        _parity(5),
        _nothing_kept(5),
        _powers(3),
        _powers(10_000)[-1],
        _sum_of_squares_list(100),
        _appended_then_indexed(6),
        _int_or_float_items(5),
        _list_or_number(5),
        _list_or_number(2),
    )


# --- list(), tuple() and sorted() of generator expressions (list kernels) --------


def case_native_list_kernels():
    return (
        list(x * x for x in range(_N)),
        tuple(math.sin(x) for x in range(1000) if x % 3),
        sorted(-x % 977 for x in range(_N)),
        list(_is_prime(x) == 1 for x in range(3000)),
        list(x for x in range(0)),
        list(f * 2 for f in _FLOATS),
        list(x + 1 for x in range(_N, 0, -7)),
        tuple(x for x in _INTS if x % 1000 == 0),
    )


def case_native_list_kernel_of_mixed_items_falls_back():
    return (list(x if x % 2 else x * 0.5 for x in range(10)), list(2**62 * x for x in range(4)), list(str(x) for x in range(3)))


def case_native_list_kernel_raises_at_the_first_error():
    return list(100 // (x - 50_000) for x in range(_N))


# --- list comprehensions handed to native list kernels ---------------------------


def case_native_list_comprehensions_run_as_kernels():
    k = 3
    a = 0.5
    f = _pair
    return (
        [x * x for x in range(_N)],
        [math.sin(x) * a for x in range(_N) if x % 3],
        [_is_prime(x) for x in range(3000)],
        [x * k for x in range(_N)],
        [f(x, k) for x in range(1000)],
        [x + y for x in range(1000) for y in range(3)],
        [v * 2 for v in _FLOATS],
        [s.upper() for s in ["ab"] * 300],
        [x for x in range(_N) if x % 1000 == 0],
        [[x * y for x in range(300)] for y in range(3)],
        [x > k for x in tuple(range(500))],
    )


def case_native_list_comprehension_kernel_falls_back_on_overflow():
    return [x**5 for x in range(10_000)][-3:]


def case_native_list_comprehension_raises_at_the_first_error():
    return [100 // (x - 5000) for x in range(_N)]


def case_native_list_comprehension_with_walrus_binds_outside():
    last = [y := x * 2 for x in range(1000)]
    return (last[-1], y)


def _scaled_sines(n, a):
    return [math.sin(x) * a for x in range(n) if x % 3]


def _prime_flags(n):
    return [_is_prime(x) for x in range(n)]


def case_native_functions_hand_their_comprehensions_to_kernels():
    squares = _squares(_N)
    return (squares[-3:], len(squares), _scaled_sines(_N, 0.5)[-3:], sum(_prime_flags(20_000)), _scaled_sines(300, 2.0) == _scaled_sines(300, 2.0))


def case_native_list_comprehension_with_unbound_variable_raises():
    # NameError (a free variable) before Python 3.12, UnboundLocalError after.
    if len(_INTS) < 0:
        k = 1
    return [x * k for x in range(1000)]


def case_comprehension_reading_an_unbound_outer_variable_raises():
    if len(_INTS) < 0:
        k = 1
    return {x: x * k for x in range(3)}


def _pow_half_differs_from_sqrt(n, scale):
    # `x ** 0.5` is libm's `pow`, which differs from `math.sqrt` in the last
    # bit for about one x in a thousand; native code must find the same ones.
    out = []
    for i in range(1, n):
        x = i * scale
        if x ** 0.5 != math.sqrt(x):
            out.append(i)
    return out


def _pow_differs_from_sqrt(n, scale, e):
    out = []
    for i in range(1, n):
        x = i * scale
        if x ** e != math.sqrt(x):
            out.append(i)
    return out


def case_native_square_roots_by_pow_match_libm():
    found = []
    for scale in (1, 1.0, 0.731, 3.1e7, 1e-300, 1e300, 5e-324, 2.0**-1074 * 3):
        d = _pow_half_differs_from_sqrt(60_000, scale)
        found.append((scale, len(d), d[:20]))
    e = _pow_differs_from_sqrt(60_000, 1.0, 0.5)
    return found, len(e), e[:20]


def _pow_half(x):
    return x ** 0.5


def case_native_square_roots_by_pow_at_the_edges():
    values = [0.0, -0.0, 1.0, 4.0, 0.25, 2.0**1022, 2.0**-1022, 5e-324, 1e-280, 1.0000000000000002, 0.9999999999999999, 1.7976931348623157e308, math.inf, math.nan, 2**53 + 1, 10**18]
    values += [4.0**k for k in range(-30, 30)]
    values += [(4.0**k) * (1 + 2.0**-52) for k in range(-5, 5)]
    return [repr(_pow_half(v)) for v in values]


def case_native_square_roots_of_ints_by_pow():
    # Ints in 1..2**52 take an integer range test before the sqrt shortcut.
    ints = [0, 1, 2, 3, True, False, 2**52 - 1, 2**52, 2**52 + 1, 2**53 - 1, 2**53 + 1, 2**60, 2**60 + 1, I64_MAX]
    ints += [4**k + d for k in range(27) for d in (-1, 0, 1)]
    ints += list(range(2**52 - 2000, 2**52 + 2000, 7))
    # Around 10**9 about one root in 500 is not sqrt's.
    differ = [v for v in range(10**9, 10**9 + 100_000) if _pow_half(v) != math.sqrt(v)]
    return [repr(_pow_half(v)) for v in ints], differ


def _roots_and_squares(n):
    # A float sum, an int count and a growing list live across the rarely
    # taken calls (pow for a root near a midpoint, the list growing).
    total = 0.0
    scaled = 1.0
    count = 0
    squares = []
    for i in range(n):
        r = i ** 0.5
        total += r
        scaled = scaled * 0.999 + r
        count += i % 3
        squares.append(r * r)
    return total * 3.0 + scaled + count + len(squares) * 0.5


def case_native_values_live_across_cold_calls():
    return _roots_and_squares(20_000), _roots_and_squares(3)


def _range_items(a, b, s):
    return [x for x in range(a, b, s)]


def _range_count(a, b, s):
    t = 0
    for _ in range(a, b, s):
        t += 1
        if t > 10:
            return -t
    return t


def _range_near_the_top():
    t = 0
    for _ in range(9223372036854775802, 9223372036854775807, 3):
        t += 1
        if t > 10:
            return -t
    return t


def case_native_ranges_stepping_past_the_int64_limits():
    # The step after the last item would leave int64: iteration ends there.
    bounds = [(5, I64_MAX, I64_MAX - 1), (I64_MAX - 5, I64_MAX, 3), (I64_MIN + 1, I64_MIN, -2), (I64_MIN, I64_MAX, 2**62), (I64_MAX - 3, I64_MAX, 1), (0, 10, 3), (10, 0, -3)]
    return [(_range_items(a, b, s), _range_count(a, b, s)) for a, b, s in bounds], _range_near_the_top()


def _sum_near_the_top(a, b, s):
    return sum(x % 1000 for x in range(a, b, s))


def _squares_near_the_top(a, b, s):
    return [x % 1000 for x in range(a, b, s)]


def case_native_reductions_over_ranges_near_the_int64_limits():
    # Long enough for parallel kernels; stepping past the last item leaves int64.
    top = (I64_MAX - 3000, I64_MAX, 7)
    bottom = (I64_MIN + 3000, I64_MIN, -7)
    return [(_sum_near_the_top(*r), _squares_near_the_top(*r)[-3:], len(_squares_near_the_top(*r))) for r in (top, bottom)]


def _bool_and(a, b):
    return a & b


def _bool_or(a, b):
    return a | b


def _bool_xor(a, b):
    return a ^ b


def _bool_and_int(a, b):
    return a & 3 | b


def case_native_bitwise_operators_on_bools_give_bools():
    pairs = [(a, b) for a in (False, True) for b in (False, True)]
    return [(_bool_and(a, b), _bool_or(a, b), _bool_xor(a, b), _bool_and_int(a, b)) for a, b in pairs]


def _loop_sum_from_int_zero(x, f):
    # The docs' loopSum: `result` starts as the int 0 and becomes a float.
    result = 0
    while x > 0:
        result = result + f(x)
        x = x - 1
    return result


def _mixed_total(n):
    total = 0
    for i in range(n):
        total += i * 0.5
    return total


def _int_until_late(n):
    t = 0
    for i in range(n):
        if i > 100:
            t = t + 1.5
    return t


def _negative_zero_sum(n):
    t = 0
    for _ in range(n):
        t = t + (-0.0)
    return t


def case_native_int_that_becomes_a_float_in_a_loop():
    return [
        (_loop_sum_from_int_zero(n, lambda x: x * 10.0 + 20.0), _mixed_total(n), _int_until_late(n * 30), _negative_zero_sum(n))
        for n in (0, 1, 3, 7, 10)
    ]


# --- lists and tuples passed into native code (read in place; an item of
# another type than the first makes native code bail out) -------------------


def _items_mean(xs):
    return sum(xs) / len(xs)


def _items_dot(a, b):
    s = 0.0
    for i in range(len(a)):
        s += a[i] * b[i]
    return s


def _items_squares(xs):
    t = 0
    for x in xs:
        t += x * x
    return t


def _items_ends(xs):
    return xs[-1] - xs[0]


def _items_extremes(xs):
    return (min(xs), max(xs))


def _items_half_sum(xs, lo, hi):
    if hi - lo <= 1:
        return xs[lo] if hi > lo else 0.0
    mid = (lo + hi) // 2
    return _items_half_sum(xs, lo, mid) + _items_half_sum(xs, mid, hi)


def _items_first_over(xs, limit):
    for i in range(len(xs)):
        if xs[i] > limit:
            return i
    return -1


def _items_through_calls(xs):
    return _items_dot(xs, xs) + _items_mean(xs) + _items_squares(xs)


def case_native_list_argument_float_reductions():
    xs = [math.sin(i) * 1e3 for i in range(1000)]
    return (_items_mean(xs), _items_dot(xs, xs), _items_squares(xs), _items_ends(xs), _items_extremes(xs), _items_half_sum(xs, 0, len(xs)), _items_through_calls(xs))


def case_native_list_argument_ints_and_bools():
    ints = list(range(-500, 700, 3))
    bools = [i % 3 == 0 for i in range(100)]
    return (_items_mean(ints), _items_squares(ints), _items_ends(ints), _items_extremes(ints), _items_first_over(ints, 100), _items_squares(bools), _items_mean(bools), _items_extremes(bools))


def case_native_list_argument_tuples():
    return (_items_mean((1.5, 2.5, 4.0)), _items_dot((1, 2, 3), (4, 5, 6)), _items_squares((2, 3)), _items_extremes((3, -1, 2)))


def case_native_list_argument_mixed_items_fall_back():
    return (_items_mean([1, 2.5, 3]), _items_squares([1.5, 2, True]), _items_dot([1.0, 2.0], [3, 4]), _items_extremes([2, 1.5, 3]), _items_squares([1, 2**70]), _items_ends([2**64, 1]))


def case_native_list_argument_int_overflow_falls_back():
    big = [2**62, 2**62, 2**62]
    return (_items_squares(big), _items_mean(big), sum(big))


def case_native_list_argument_index_out_of_range_raises():
    return _items_dot([1.0, 2.0, 3.0], [1.0, 2.0])


def case_native_list_argument_empty_extremes_raises():
    return _items_extremes([])


def case_native_list_argument_empty_mean_raises():
    return _items_mean([])


def case_native_list_argument_nan_and_signed_zero():
    xs = [float("nan"), -0.0, 1.0, float("inf")]
    return (_items_extremes(xs), _items_extremes([-0.0, 0.0]), _items_extremes([0.0, -0.0]), _items_squares([-0.0]), _items_ends([float("inf"), float("inf")]))


def case_native_list_argument_of_none_or_strings_interpreted():
    return (_items_ends(["a", "b"]) if False else None, _items_extremes(["b", "a", "c"]), len([None, None]))


def _items_dot_genexpr(a, b):
    return sum(a[i] * b[i] for i in range(len(a)))


def _items_scaled(a, k):
    return [a[i] * k for i in range(len(a))]


def _items_max_gap(a):
    return max(a[i + 1] - a[i] for i in range(len(a) - 1))


def _items_any_negative(a):
    return any(a[i] < 0 for i in range(len(a)))


def case_native_kernels_read_captured_lists():
    ints = [(i * 7919) % 1000 - 300 for i in range(3000)]
    floats = [i * 0.5 for i in range(3000)]
    return (_items_dot_genexpr(ints, ints), _items_scaled(ints, 3)[:5], _items_scaled(floats, 0.25)[-3:], _items_max_gap(ints), _items_any_negative(ints),
            _items_any_negative(floats), _items_dot_genexpr((1, 2, 3), [4, 5, 6]), sum(ints[i] for i in range(0, 3000, 7)))


def case_native_kernels_captured_list_of_mixed_items():
    mixed = [1, 2, 3.5] * 400 + [2**70]
    return (_items_dot_genexpr(mixed, mixed), _items_scaled(mixed, 2)[-2:], _items_max_gap(mixed))


def case_native_kernels_captured_list_too_short_raises():
    return _items_dot_genexpr(list(range(500)), list(range(499)))


# --- lists of lists passed into native code (rows read in place) -------------


def _rows_matvec(m, v):
    out = []
    for row in m:
        s = 0.0
        for j in range(len(row)):
            s += row[j] * v[j]
        out.append(s)
    return out


def _rows_trace(m):
    t = 0
    for i in range(len(m)):
        t += m[i][i]
    return t


def _rows_entry(rows, i, j):
    s = 0.0
    for row in rows:
        s += row[i] * row[j]
    return s


def _rows_last_of_last(m):
    return m[-1][-1] + len(m) + len(m[0])


def case_native_rows_matrix_functions():
    m = [[math.sin(i * 0.37 + j * 1.91) for j in range(6)] for i in range(200)]
    ints = [[i * 10 + j for j in range(4)] for i in range(4)]
    return (_rows_matvec(m, [0.5, -1.0, 2.0, 0.25, 1.0, 3.0])[:4], _rows_trace(ints), _rows_trace(m[:6]), _rows_entry(m, 1, 4), _rows_last_of_last(ints),
            _rows_matvec((((1, 2), (3, 4))), (1, 1)), _rows_trace([(1.5, 2.0), [3.0, 4.5]]))


def case_native_rows_of_other_shapes_fall_back():
    return (_rows_trace([[1, 2], [3.5, 4]]), _rows_trace([[1.0], [2.0, 3.0]]) if False else None, _rows_matvec([[1, 2], [3, 2**70]], [1, 1]),
            _rows_trace([[True, False], [False, True]]), _rows_last_of_last([[1], []] + [[5]]))


def case_native_rows_short_row_raises():
    return _rows_trace([[1.0, 2.0], [3.0]])


def case_native_rows_string_row_raises():
    return _rows_trace([[1.0, 2.0], "ab"])


def case_native_kernels_over_rows():
    rows = [[(i * 7 + j * 3) % 11 - 5 for j in range(5)] for i in range(2000)]
    halves = [[((i + j) % 8) * 0.5 for j in range(3)] for i in range(1000)]
    return (sum(row[1] * row[3] for row in rows), max(row[0] - row[4] for row in rows), [sum(r[j] for r in rows) for j in range(5)],
            sum(r[0] * r[2] for r in halves), any(r[2] > 3.4 for r in halves), sum(len(r) for r in rows), sum(t[0] for t in [(1, 2), (3, 4)] * 300))


def case_native_kernels_over_ragged_rows_raises():
    rows = [[1, 2, 3]] * 500 + [[1]]
    return sum(r[2] for r in rows)


def case_native_kernels_over_rows_of_mixed_items():
    rows = [[1, 2.5]] * 400 + [[2**70, 1]] + [["a", 1]]
    return (sum(r[1] for r in rows), [r[0] for r in rows][-2] == 2**70)


def _wide_mean(n):
    lst = [x * x for x in range(n)]
    return sum(lst) / len(lst)


def _wide_total(n):
    lst = [x * x for x in range(n)]
    return sum(lst)


def _wide_compared(n):
    lst = [x * x for x in range(n)]
    s = sum(lst)
    return s + 1 if s > 10 else s


def _wide_by_zero(n):
    lst = [x * x for x in range(n)]
    return sum(lst) / (n - n)


def _wide_items_mean(xs):
    return sum(xs) / len(xs)


def case_native_int_sums_past_64_bits():
    return (_wide_mean(10), _wide_mean(3_100_000), _wide_total(3_100_000), _wide_compared(3_100_000), _wide_items_mean([2**62] * 7),
            _wide_items_mean([3, 4]), _wide_items_mean([2**62, 2**62, -(2**62)]))


def case_native_int_sum_past_64_bits_divided_by_zero_raises():
    return _wide_by_zero(3_100_000)


def case_native_float_sum_keeps_a_term_cancelled_across_pieces():
    # From 3.12 sum() compensates (Neumaier): 1e16, 1.0, -1e16 sums to 1.0
    # even when the pieces of a parallel sum split them.
    a = sum((1e16 if i == 16383 else (1.0 if i == 16384 else (-1e16 if i == 16385 else 0.0))) for i in range(32768))
    b = sum((1e16 if i % 3 == 0 else (1.0 if i % 3 == 1 else -1e16)) for i in range(99999))
    return a, b
