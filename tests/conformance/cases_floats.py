"""Conformance cases: floats (repr, division signs, pow, inf/nan, round)."""

INF = float("inf")
NAN = float("nan")


# --- repr / str of many values ------------------------------------------------

def case_float_repr_simple():
    return (repr(0.1), repr(0.5), repr(1.0), repr(-2.0), repr(100.0), repr(3.14), repr(0.0), repr(-0.0))


def case_float_repr_point_one_plus_point_two():
    x = 0.1 + 0.2
    return (x, repr(x), x == 0.3, str(x))


def case_float_repr_exponent_thresholds():
    return (repr(1e15), repr(1e16), repr(1e17), repr(123456789012345678.0),
            repr(0.0001), repr(0.00001), repr(1e-5), repr(1.5e-7))


def case_float_repr_extremes():
    return (repr(1.7976931348623157e308), repr(5e-324), repr(2.2250738585072014e-308),
            repr(-1.7976931348623157e308), repr(2.0**-1074))


def case_float_repr_thirds_and_sevenths():
    return (repr(1 / 3), repr(2 / 3), repr(1 / 7), repr(-1 / 3), repr(10 / 3))


def case_float_repr_large_integers():
    return (repr(1e22), repr(1e23), repr(2.0**53), repr(2.0**53 + 1), repr(9007199254740993.0), repr(2.0**64))


def case_float_repr_various_decimal_literals():
    return [repr(v) for v in (1.1, 2.675, 0.3, 1e-10, 123.456, 9.999999999999999e22, 4.35, 0.1 * 3)]


def case_float_str_equals_repr():
    vals = [0.1, 1e16, 1e-7, 1 / 3, -0.0, 2.5, 1e300, 5e-324]
    return [str(v) == repr(v) for v in vals]


def case_float_repr_inf_nan():
    return (repr(INF), repr(-INF), repr(NAN), str(INF), str(-NAN))


def case_float_repr_of_sums():
    total = 0.0
    for _ in range(10):
        total += 0.1
    return (total, repr(total), total == 1.0)


def case_float_repr_in_containers():
    return (repr([0.1, -0.0, 1e16]), str((1.5, INF)), repr({"a": 2.0}))


# --- arithmetic, / // % divmod signs ---------------------------------------------

def case_float_basic_arithmetic():
    a = 7.5
    b = -2.25
    return (a + b, a - b, a * b, a / b, -a, +b)


def case_float_floordiv_signs():
    return (7.5 // 2, -7.5 // 2, 7.5 // -2, -7.5 // -2, 0.5 // 1, -0.5 // 1, 1.0 // 0.1)


def case_float_mod_signs():
    return (7.5 % 2, -7.5 % 2, 7.5 % -2, -7.5 % -2, 1.0 % 0.1, 6.0 % 3.0, -6.0 % 3.0, 6.0 % -3.0)


def case_float_mod_zero_sign():
    return (repr(0.0 % 5), repr(-0.0 % 5), repr(0.0 % -5), repr(-0.0 % -5), repr(5.0 % 5.0), repr(5.0 % -5.0))


def case_float_divmod_signs():
    return (divmod(7.5, 2), divmod(-7.5, 2), divmod(7.5, -2), divmod(-7.5, -2), divmod(1.0, 0.1))


def case_float_mod_tiny_negative():
    return (-1e-20 % 1.0, 1e-20 % -1.0, -1e-20 // 1.0)


def case_float_division_by_zero_raises():
    a = 1.0
    b = 0.0
    return a / b


def case_float_int_division_by_float_zero_raises():
    a = 1
    b = 0.0
    return a / b


def case_float_floordiv_zero_raises():
    a = 1.0
    b = 0.0
    return a // b


def case_float_mod_zero_raises():
    a = 1.5
    b = 0.0
    return a % b


def case_float_divmod_zero_raises():
    return divmod(1.5, 0.0)


def case_float_divide_by_negative_zero_raises():
    return 3.0 / -0.0


def case_float_int_mixing():
    return (1 + 0.5, 3 * 1.5, 10 / 4, 10 // 4.0, 7 % 2.5, 2 - 0.25, type(1 + 1.0).__name__, 2**0.5)


def case_float_big_int_mixing():
    return (2**100 + 0.0, float(2**100), 10**20 * 1.0, 2**53 + 1.0, (2**63) / 2.0)


def case_float_big_int_to_float_overflow_raises():
    return 10**400 + 1.0


def case_float_from_huge_int_raises():
    return float(2**1024)


def case_float_comparisons():
    return (0.1 + 0.2 > 0.3, 1.0 == 1, -0.0 == 0.0, 0.5 < 1, 2.0 >= 2, 1e308 < INF)


# --- ** -----------------------------------------------------------------------

def case_float_pow_basic():
    return (2.0**10, 2.0**-1, 9.0**0.5, 4**0.5, 0.0**0, 1.5**2, (-2.0)**3, (-2.0)**-2)


def case_float_pow_special_values():
    return (INF**0, NAN**0, 1.0**NAN, 1.0**INF, 0.5**INF, 2.0**-INF, (-1.0)**INF, INF**-1)


def case_float_zero_pow_negative_raises():
    b = 0.0
    return b**-1


def case_float_pow_overflow_raises():
    b = 2.0
    return b**1024


def case_float_pow_large_overflow_raises():
    return 10.0**400


def case_float_negative_base_fractional_pow_is_complex():
    x = (-8.0)**(1.0 / 3)
    return type(x).__name__


def case_float_pow_underflow_to_zero():
    return (2.0**-1080, 10.0**-400, 0.5**2000)


# --- inf / nan ---------------------------------------------------------------------

def case_float_inf_arithmetic():
    return (INF + 1, INF * 2, -INF * 3, INF / 1e308, 1 / INF, -1 / INF, INF > 10**400, INF + INF)


def case_float_inf_minus_inf_is_nan():
    x = INF - INF
    return (repr(x), x == x, x != x)


def case_float_inf_times_zero_is_nan():
    x = INF * 0
    return repr(x)


def case_float_nan_comparisons():
    n = NAN
    return (n == n, n != n, n < 1, n > 1, n <= n, n >= n, 1.0 == n)


def case_float_nan_arithmetic_propagates():
    n = NAN
    return [repr(v) for v in (n + 1, n * 0, n - n, -n, abs(n), n / 2)]


def case_float_from_strings():
    return (float("1.5"), float("  -2.25  "), float("1e3"), float("1E-3"), float("+.5"), float("5."),
            float("1_000.5"), float("-0"), float("10"))


def case_float_from_special_strings():
    return [repr(float(s)) for s in ("inf", "-inf", "Infinity", "-INFINITY", "nan", "-nan", "NaN", "+inf")]


def case_float_from_str_overflow_is_inf():
    return (float("1e500"), float("-1e500"), float("1e-500"), float("-1e-500"))


def case_float_from_invalid_str_raises():
    return float("abc")


def case_float_from_empty_str_raises():
    return float("")


def case_float_from_ints_and_bools():
    return (float(3), float(-7), float(True), float(False), float(), float(10**20))


def case_float_inf_constant_forms():
    a = float("inf")
    b = float("-inf")
    return (a == -b, a > 1e308, b < -1e308, a == a, -a == b)


def case_float_inf_equality_with_int_comparisons():
    return (INF > 2**10000, -INF < -(2**10000), INF == 2**10000)


# --- round -------------------------------------------------------------------------

def case_float_round_half_even():
    return (round(0.5), round(1.5), round(2.5), round(3.5), round(-0.5), round(-1.5), round(-2.5))


def case_float_round_returns_int():
    return (round(2.7), type(round(2.7)).__name__, round(-2.7), round(1e20), type(round(1.5, 0)).__name__)


def case_float_round_ndigits():
    return (round(2.675, 2), round(0.125, 2), round(0.375, 2), round(1.005, 2), round(3.14159, 3),
            round(-3.14159, 1), round(1.5, 0), round(2.5, 0))


def case_float_round_negative_ndigits():
    return (round(1234.5678, -2), round(1250.0, -2), round(1350.0, -2), round(-1250.0, -2), round(5e20, -20), round(1.0, -5))


def case_float_round_large_ndigits():
    return (round(0.1, 20), round(1e-300, 310), round(123.456, 400))


def case_float_round_negative_zero():
    return (repr(round(-0.4, 0)), repr(round(-0.0, 2)), round(-0.4), repr(round(-0.04, 1)))


def case_float_round_inf_raises():
    return round(INF)


def case_float_round_nan_raises():
    return round(NAN)


def case_float_round_inf_with_ndigits_is_inf():
    return (round(INF, 2), repr(round(NAN, 2)))


# --- float methods -------------------------------------------------------------------

def case_float_is_integer():
    return ((1.0).is_integer(), (1.5).is_integer(), (-0.0).is_integer(), INF.is_integer(), (1e300).is_integer())


def case_float_as_integer_ratio():
    return ((0.1).as_integer_ratio(), (0.5).as_integer_ratio(), (-2.75).as_integer_ratio(), (1e20).as_integer_ratio())


def case_float_hex():
    return ((1.0).hex(), (0.1).hex(), (-2.5).hex(), (0.0).hex(), (5e-324).hex())


def case_float_fromhex():
    return (float.fromhex("0x1.8p1"), float.fromhex("-0x1p-2"), float.fromhex("0x1.999999999999ap-4"))


def case_float_abs_and_negzero():
    return (repr(abs(-0.0)), repr(-(0.0)), repr(0.0 * -1), repr(-0.0 + 0.0), repr(-0.0 - 0.0), repr(-0.0 * -0.0))


def case_float_accumulation_order_matters():
    a = (0.1 + 0.2) + 0.3
    b = 0.1 + (0.2 + 0.3)
    return (a, b, a == b)


def case_float_int_truediv_exact_rounding():
    return (1 / 10, 3 / 10, 2**60 / 3, -(2**60) / 7, 123456789 / 1000)


def case_float_subnormal_arithmetic():
    tiny = 5e-324
    return (tiny / 2, tiny * 2, tiny + tiny, 2.2250738585072014e-308 / 2, -tiny / 2)


def case_float_mul_overflow_is_inf():
    big = 1e308
    return (big * 10, -big * 10, big + big)


def case_float_augmented_assignment():
    x = 1.5
    x += 2
    x *= 3
    x -= 0.25
    x /= 2
    x //= 1
    x **= 2
    x %= 7
    return x


def case_float_hash_of_integral_equals_int():
    return (hash(2.0) == hash(2), hash(-1.0), hash(0.5), hash(1.5), hash(INF), hash(-INF), hash(-0.0))


def case_round_with_ndigits_at_the_extremes():
    out = []
    for x, n in [(2.6573706427016095e18, -3), (5.171282008178239e24, -24), (1e308, -308), (2.5e-320, 320),
                 (5e-324, 323), (5e-324, 324), (1e300, -309), (-4.0, -1), (-0.4, 0), (12345.678, -2),
                 (0.5, 0), (1.5, 0), (2.675, 2), (-2.5e-5, 5), (7.0e22, -22), (1.23456789e-310, 312)]:
        out.append(round(x, n))
    return out


def case_round_of_bools_gives_ints():
    return (round(True, 0), round(False, 2), round(True, -1), round(True))


def case_round_overflow_raises():
    return round(1.7976931348623157e308, -308)


def case_fsum_of_negative_zeros_and_fmod_of_inf_by_nan():
    import math

    return (math.fsum([-0.0, -0.0]), math.fsum([]), math.fmod(math.inf, math.nan), math.fmod(3.0, math.inf))


def case_inverse_hyperbolic_functions_match_libm():
    import math

    xs = [1e16, 2.5, 2.0**32, 1.5, 100.0, 1e-5, 3.7]
    return ([math.asinh(x) for x in xs], [math.acosh(x) for x in xs if x >= 1], [math.atanh(x / 4) for x in [-9.76956369e-05, 0.3, 1.1, 2.9, -3.5]])
