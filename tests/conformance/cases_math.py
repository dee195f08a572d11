"""Conformance cases: the math module (results compared exactly, via repr)."""

import math


def case_math_constants():
    return (math.pi, math.e, math.tau, math.inf, -math.inf, repr(math.nan), math.pi == 3.141592653589793)


def case_math_sqrt():
    return (math.sqrt(4), math.sqrt(2), math.sqrt(0.0), repr(math.sqrt(-0.0)), math.sqrt(1e300), math.sqrt(10**20), math.sqrt(math.inf))


def case_math_sqrt_negative_raises():
    return math.sqrt(-1)


def case_math_sqrt_huge_int_raises():
    return math.sqrt(10**400)


def case_math_isqrt():
    return (math.isqrt(0), math.isqrt(15), math.isqrt(16), math.isqrt(10**40 + 1), math.isqrt(2**127))


def case_math_isqrt_negative_raises():
    return math.isqrt(-4)


def case_math_trig():
    return (math.sin(0), math.sin(1), math.cos(0), math.cos(1), math.tan(1), math.sin(math.pi / 6), math.cos(math.pi),
            math.sin(-0.5), math.cos(2.5))


def case_math_inverse_trig():
    return (math.asin(1), math.acos(0), math.atan(1), math.asin(0.5), math.acos(-1))


def case_math_asin_domain_raises():
    return math.asin(2)


def case_math_sin_inf_raises():
    return math.sin(math.inf)


def case_math_atan2_signs():
    return (math.atan2(1, 1), math.atan2(1, -1), math.atan2(-1, -1), math.atan2(-1, 1), math.atan2(0.0, -1.0), math.atan2(-0.0, -1.0),
            math.atan2(0, 0), repr(math.atan2(-0.0, 0.0)))


def case_math_hyperbolic():
    return (math.sinh(1), math.cosh(1), math.tanh(0.5), math.asinh(1), math.acosh(2), math.atanh(0.5))


def case_math_exp_log():
    return (math.exp(0), math.exp(1), math.exp(-1), math.exp(10), math.log(1), math.log(math.e), math.log(10), math.log(2.5), math.expm1(1e-10),
            math.log1p(1e-10))


def case_math_exp_overflow_raises():
    return math.exp(1000)


def case_math_exp_underflow_is_zero():
    return (math.exp(-1000), math.exp(-math.inf))


def case_math_log_with_base():
    return (math.log(8, 2), math.log(100, 10), math.log(1000, 10), math.log(9, 3), math.log(2, 8), math.log(10**100, 10))


def case_math_log_of_bigint():
    return (math.log(10**400), math.log2(2**5000), math.log10(10**500), math.log(2**1100, 2))


def case_math_log2_log10():
    return (math.log2(8), math.log2(10), math.log2(1), math.log10(1000), math.log10(2), math.log10(0.001))


def case_math_log_zero_raises():
    return math.log(0)


def case_math_log_negative_raises():
    return math.log(-1)


def case_math_log_base_one_raises():
    return math.log(10, 1)


def case_math_floor_ceil_trunc_return_ints():
    return (math.floor(2.7), math.floor(-2.7), math.ceil(2.1), math.ceil(-2.1), math.trunc(2.7), math.trunc(-2.7), math.floor(5),
            math.ceil(-0.5), type(math.floor(2.5)).__name__, math.floor(1e300) == int(1e300), math.ceil(10**30))


def case_math_floor_inf_raises():
    return math.floor(math.inf)


def case_math_ceil_nan_raises():
    return math.ceil(math.nan)


def case_math_fabs():
    return (math.fabs(-3), math.fabs(2.5), repr(math.fabs(-0.0)), type(math.fabs(-3)).__name__, math.fabs(-math.inf))


def case_math_pow():
    return (math.pow(2, 10), math.pow(2, -1), math.pow(4, 0.5), math.pow(0, 0), math.pow(-8, 3), math.pow(1, math.nan), math.pow(math.nan, 0))


def case_math_pow_domain_raises():
    return math.pow(-8, 1 / 3)


def case_math_pow_overflow_raises():
    return math.pow(10, 400)


def case_math_hypot():
    return (math.hypot(3, 4), math.hypot(5, 12), math.hypot(1, 1, 1), math.hypot(), math.hypot(-3), math.hypot(1e200, 1e200), math.hypot(math.inf, math.nan))


def case_math_dist():
    return (math.dist((0, 0), (3, 4)), math.dist([1, 2, 3], [4, 6, 3]))


def case_math_gcd_lcm():
    return (math.gcd(12, 18), math.gcd(-12, 18), math.gcd(0, 5), math.gcd(0, 0), math.gcd(12, 18, 27), math.gcd(), math.gcd(2**100, 6**50),
            math.lcm(4, 6), math.lcm(3, 5, 7), math.lcm(0, 5), math.lcm())


def case_math_gcd_float_raises():
    return math.gcd(1.5, 3)


def case_math_factorial():
    return (math.factorial(0), math.factorial(1), math.factorial(10), math.factorial(20), math.factorial(25), math.factorial(100) % (10**9 + 7))


def case_math_factorial_negative_raises():
    return math.factorial(-1)


def case_math_factorial_float_raises():
    return math.factorial(5.0)


def case_math_comb_perm():
    return (math.comb(5, 2), math.comb(10, 0), math.comb(5, 7), math.comb(100, 50), math.perm(5, 2), math.perm(5), math.perm(5, 0),
            math.perm(3, 5))


def case_math_comb_negative_raises():
    return math.comb(-1, 2)


def case_math_isclose():
    return (math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1), math.isclose(1.0, 1.1, rel_tol=0.1), math.isclose(0.0, 1e-10),
            math.isclose(0.0, 1e-10, abs_tol=1e-9), math.isclose(math.inf, math.inf), math.isclose(math.nan, math.nan))


def case_math_isclose_negative_tolerance_raises():
    return math.isclose(1, 1, rel_tol=-1)


def case_math_isnan_isinf_isfinite():
    vals = [0.0, 1.5, math.inf, -math.inf, math.nan, 10**300]
    return ([math.isnan(v) for v in vals], [math.isinf(v) for v in vals], [math.isfinite(v) for v in vals])


def case_math_isinf_of_huge_int_raises():
    return math.isinf(10**400)


def case_math_fsum_vs_sum():
    xs = [0.1] * 10
    ys = [1e100, 1.0, -1e100, 1.0]
    return (math.fsum(xs), sum(xs), math.fsum(ys), sum(ys), math.fsum([]), math.fsum([1, 2, 3]))


def case_math_fsum_inf():
    return (math.fsum([math.inf, 1.0]), math.fsum([-math.inf, 1e308, 1.0]), repr(math.fsum([math.nan, 1.0])))


def case_math_fsum_inf_minus_inf_raises():
    return math.fsum([math.inf, -math.inf])


def case_math_fsum_overflow_raises():
    return math.fsum([1e308, 1e308])


def case_math_prod():
    return (math.prod([1, 2, 3, 4]), math.prod([]), math.prod([2.5, 4]), math.prod(range(1, 21)), math.prod([2, 3], start=10), math.prod([]), math.prod([1.5], start=2))


def case_math_copysign():
    return (math.copysign(1, -0.0), math.copysign(3, -1), math.copysign(-2.5, 0.0), math.copysign(math.inf, -1), repr(math.copysign(0.0, -1)),
            math.copysign(1, math.nan))


def case_math_fmod_vs_mod():
    return (math.fmod(7.5, 2), math.fmod(-7.5, 2), math.fmod(7.5, -2), -7.5 % 2, math.fmod(-6, 3), repr(math.fmod(-6, 3)), math.fmod(1, math.inf))


def case_math_fmod_zero_raises():
    return math.fmod(1, 0)


def case_math_modf():
    return (math.modf(3.75), math.modf(-3.75), math.modf(2), math.modf(math.inf), repr(math.modf(-0.0)))


def case_math_frexp_ldexp():
    return (math.frexp(8.0), math.frexp(0.3), math.frexp(-1), math.frexp(0.0), math.ldexp(0.5, 4), math.ldexp(0.75, -2), math.ldexp(1, -1074),
            math.ldexp(1, 1023))


def case_math_ldexp_overflow_raises():
    return math.ldexp(1, 1024)


def case_math_degrees_radians():
    return (math.degrees(math.pi), math.radians(180), math.degrees(1), math.radians(45))


def case_math_erf_gamma():
    return (math.erf(0), math.erf(1), math.erfc(1), math.gamma(5), math.gamma(0.5), math.lgamma(10))


def case_math_gamma_pole_raises():
    return math.gamma(0)


def case_math_nextafter_ulp():
    return (math.nextafter(1.0, 2.0), math.nextafter(0.0, -1.0), math.ulp(1.0), math.ulp(0.0), math.ulp(1e300))


def case_math_sqrt_of_string_raises():
    return math.sqrt("4")


def case_math_accepts_ints_and_bools():
    return (math.sqrt(True), math.exp(False), math.floor(True), math.factorial(True), math.gcd(True, 4))


def case_math_float_results_are_floats():
    return (type(math.sqrt(4)).__name__, type(math.pow(2, 2)).__name__, type(math.fabs(2)).__name__, type(math.gcd(2, 4)).__name__,
            type(math.trunc(2.5)).__name__, type(math.fsum([1, 2])).__name__, type(math.prod([1, 2])).__name__)


def case_math_quadratic_roots():
    def roots(a, b, c):
        d = b * b - 4 * a * c
        if d < 0:
            return ()
        s = math.sqrt(d)
        return ((-b - s) / (2 * a), (-b + s) / (2 * a))

    return (roots(1, -3, 2), roots(1, 2, 5), roots(2, 0, -8), roots(1, 1e8, 1))


def case_math_newton_sqrt_converges():
    x = 2.0
    g = 1.0
    for _ in range(8):
        g = (g + x / g) / 2
    return (g, g == math.sqrt(2))


def case_math_remainder():
    import math

    return [math.remainder(x, y) for x, y in [(5.0, 2.0), (7.0, 2.0), (-5.5, 2.0), (10.0, 3.0), (1e300, 3.7), (-0.0, 1.0), (3.0, math.inf), (2.5, -1.0)]]


def case_math_remainder_by_zero_raises():
    import math

    return math.remainder(1.0, 0.0)


def case_math_remainder_of_infinity_raises():
    import math

    return math.remainder(math.inf, 2.0)


def case_cbrt_as_the_c_library_computes_it():
    import math
    if not hasattr(math, "cbrt"):
        return "math.cbrt is new in Python 3.11"
    return [math.cbrt(27.0), math.cbrt(-8.0), math.cbrt(2.0), math.cbrt(1e-300), math.cbrt(0.001), math.cbrt(-0.0)]


def case_hypot_and_dist_as_cpython_rounds_them():
    import math
    xs = [1.0, 2.0, 3.0, 0.1, 1e-300, 7.5e200, 123.456, -0.3, 5e-324, 2.5]
    out = []
    for i in range(len(xs)):
        for j in range(i, len(xs)):
            out.append(math.hypot(xs[i], xs[j], xs[(i + j) % len(xs)]))
            out.append(math.dist((xs[i], xs[j]), (xs[j], -xs[i])))
    out.append(math.hypot(1.0, 2.0, 3.0))
    out.append(math.hypot(float("inf"), float("nan")))
    out.append(math.hypot(float("nan"), 1.0))
    out.append(math.hypot())
    return out


def case_math_fmod_of_infinities_raises():
    return math.fmod(math.inf, math.inf)


def case_math_fmod_specials():
    return math.fmod(1.0, math.inf), math.fmod(-1.0, -math.inf), repr(math.fmod(math.nan, 1.0)), repr(math.fmod(1.0, math.nan)), math.fmod(-7.5, 2.0)


def case_prod_start_given_by_position_raises():
    return math.prod([2, 3], 10)


def case_prod_start_given_by_name():
    return math.prod([2, 3], start=10)


def case_pow_of_zero_to_minus_infinity():
    out = []
    for base in (0.0, -0.0):
        try:
            out.append(math.pow(base, float("-inf")))
        except ValueError:
            out.append("ValueError")
    return out


def case_hash_of_nan_depends_on_the_object():
    a = float("nan")
    b = float("nan")
    return hash(a) == 0, hash(a) == hash(b), hash(a) == hash(a), hash(float("inf"))


def case_sumprod_when_available():
    if not hasattr(math, "sumprod"):
        return "no sumprod"
    xs = [0.1 * k - 3.3 for k in range(50)]
    ys = [1.0 / (k + 0.7) for k in range(50)]
    return (
        math.sumprod([1, 2, 3], [4, 5, 6]),
        math.sumprod([10**30, 2], [3, 10**25]),
        math.sumprod(xs, ys),
        math.sumprod([0.1, 0.2, 0.3], [10, 20, 30]),
        math.sumprod([1e308, 1e308], [10.0, -10.0]),
        math.sumprod([], []),
    )


def case_sumprod_of_unequal_lengths_raises():
    if not hasattr(math, "sumprod"):
        raise ValueError("no sumprod")
    return math.sumprod([1, 2], [3])


def case_fma_when_available():
    if not hasattr(math, "fma"):
        return "no fma"
    out = [math.fma(0.1, 10.0, -1.0), math.fma(2.0, 3.0, 4.0), math.fma(1e308, 10.0, -1e308 * 10.0)]
    for args in ((float("inf"), 0.0, 1.0), (1e308, 1e308, 0.0)):
        try:
            out.append(math.fma(*args))
        except (ValueError, OverflowError) as e:
            out.append(type(e).__name__)
    return out


def case_sumprod_mixed_ints_and_floats_when_available():
    if not hasattr(math, "sumprod"):
        return "no sumprod"
    out = [
        math.sumprod([10, 123456789.123, 9007199254740993], [0.5, 7, 9007199254740993]),
        math.sumprod([10**20, 2.0, -(2**63) - 1], [1e-08, 2**64 + 1, 10]),
        math.sumprod([True, 2, 3.5], [1.5, False, 2]),
        math.sumprod([1, 2, 2**62], [3, 4, 4]),
        math.sumprod(iter([1.5, 2.5]), (x for x in [2, 4])),
    ]
    for p, q in (([1e-300, 1], [10**400, 2, 3]), ([1, 2], [3]), ([1.0, "a"], [2.0, 3]), ([0.1, 10**400], [3, 1])):
        try:
            out.append(math.sumprod(p, q))
        except (OverflowError, ValueError, TypeError) as e:
            out.append(type(e).__name__)
    return out


def case_math_fsum_nonfinite_drops_earlier_partials():
    out = []
    for xs in ([1e308, float("nan"), 1e308], [1e308, float("inf"), 1e308], [1e308, -float("inf"), 1e308], [1e308, 1e308], [float("inf"), 1e308, 1e308]):
        try:
            out.append(repr(math.fsum(xs)))
        except OverflowError as e:
            out.append(str(e))
    return out


def case_math_nextafter_steps_when_available():
    try:
        math.nextafter(1.0, 2.0, steps=1)
    except TypeError:
        return "no steps"
    out = [
        math.nextafter(1.0, 2.0, steps=3), math.nextafter(1.0, 1.0, steps=5), math.nextafter(float("inf"), 0.0, steps=10),
        math.nextafter(5e-324, -1.0, steps=3), math.nextafter(-0.0, 1.0, steps=2), math.nextafter(1.0, 0.0, steps=0),
        math.nextafter(1.0, 2.0, steps=10**30), math.nextafter(1.0, float("nan"), steps=2), math.nextafter(0.0, 1.0, steps=None),
    ]
    try:
        math.nextafter(1.0, 0.0, steps=-1)
    except ValueError as e:
        out.append(str(e))
    return out


def case_math_bitwise_big_int_and_float_is_a_type_error():
    out = []
    for f in (lambda: 10**309 & 0.0, lambda: 1.5 | 2**1024, lambda: 10**400 ^ 2.5, lambda: 10**400 << 1.0, lambda: 2.0 >> 10**309, lambda: 1 << 10**20, lambda: 0 << 10**20):
        try:
            out.append(f())
        except (TypeError, OverflowError) as e:
            out.append(type(e).__name__)
    return out


_NONE_HASH_IS_CONSTANT = __import__("sys").version_info >= (3, 12)


def case_hash_of_none_orders_sets():
    # A constant from 3.12 (an address before: compare only what holds).
    if not _NONE_HASH_IS_CONSTANT:
        return (hash(None) == hash(None), None in {None, 1})
    return (hash(None), list({True, None, 0, 2}), list({None: 1, 5: 2}.keys() | {7}))
