"""Conformance cases: int arithmetic (exact bigints, promotion, signs, bits).

Convention for the whole corpus: a case whose CPython outcome is an exception
has ``raises`` in its name, and no other case does.
"""

I64_MAX = 2**63 - 1
I64_MIN = -(2**63)
BIG = 123456789012345678901234567890


# --- exact bigints and overflow promotion -----------------------------------

def case_int_small_add_sub_mul():
    a = 17
    b = -5
    return (a + b, a - b, a * b, b * b, -a, +b)


def case_int_pow_2_100():
    return 2**100


def case_int_pow_large_exact():
    return (3**200, 7**77, (-3)**101)


def case_int_i64_max_plus_one_promotes():
    x = I64_MAX
    return (x + 1, type(x + 1).__name__)


def case_int_i64_min_minus_one_promotes():
    x = I64_MIN
    return x - 1


def case_int_i64_mul_overflow_promotes():
    x = 2**62
    return (x * 4, (I64_MAX) * (I64_MAX), I64_MIN * I64_MIN, I64_MIN * -1)


def case_int_negate_i64_min():
    x = I64_MIN
    return (-x, abs(x), -x - 1 == I64_MAX)


def case_int_i64_min_floordiv_minus_one():
    x = I64_MIN
    return (x // -1, x % -1, divmod(x, -1))


def case_int_bigint_add_back_to_small():
    big = 2**200
    return (big - big + 5, (big + 7) - big, type((big + 1) - big).__name__)


def case_int_bigint_mul_div():
    a = BIG
    b = 98765432109876543210
    p = a * b
    return (p, p // b == a, p % b, p // a, -p // b, (-p) % 7)


def case_int_bigint_divmod_negative():
    return (divmod(-10**20, 3), divmod(10**20, -3), divmod(-10**20, -3), divmod(10**20 + 1, 10**10))


def case_int_sum_loop_overflows_i64():
    total = 0
    x = 2**60
    for _ in range(20):
        total = total + x
    return total


def case_int_factorial_loop_50():
    acc = 1
    for i in range(1, 51):
        acc = acc * i
    return acc


def case_int_fibonacci_300():
    a, b = 0, 1
    for _ in range(300):
        a, b = b, a + b
    return a


def case_int_bigint_comparisons():
    a = 10**30
    b = 10**30 + 1
    return (a < b, a == b - 1, -a > -b, a != b, max(a, b) - min(a, b), a <= a, a >= b)


def case_int_bigint_to_str_and_back():
    x = 7**150
    s = str(x)
    return (len(s), s[:10], s[-10:], int(s) == x, str(-x)[:3])


def case_int_str_of_huge_int_raises_digit_limit():
    x = 10**5000
    return str(x)


def case_int_int_of_huge_str_raises_digit_limit():
    s = "1" * 5000
    return int(s)


def case_int_huge_power_of_two_bit_length():
    x = 1 << 10000
    return (x.bit_length(), (x - 1).bit_length(), x % 1000003)


# --- floor division / modulo / divmod sign rules ---------------------------

def case_int_floordiv_signs():
    return (7 // 2, -7 // 2, 7 // -2, -7 // -2, 0 // 5, 0 // -5, 1 // 3, -1 // 3)


def case_int_mod_signs():
    return (7 % 3, -7 % 3, 7 % -3, -7 % -3, 0 % 3, 6 % -3, -6 % 3)


def case_int_divmod_signs():
    return (divmod(7, 3), divmod(-7, 3), divmod(7, -3), divmod(-7, -3), divmod(0, -1))


def case_int_divmod_identity_holds():
    out = []
    for a in range(-7, 8):
        for b in (-3, -2, -1, 1, 2, 3):
            q, r = divmod(a, b)
            out.append(q * b + r == a and (r == 0 or (r > 0) == (b > 0)))
    return all(out)


def case_int_floordiv_zero_raises():
    a = 5
    b = 0
    return a // b


def case_int_mod_zero_raises():
    a = 5
    b = 0
    return a % b


def case_int_divmod_zero_raises():
    return divmod(7, 0)


def case_int_truediv_zero_raises():
    a = 1
    b = 0
    return a / b


def case_int_truediv_returns_float():
    return (10 / 4, 9 / 3, -7 / 2, 1 / 3, 2 / -4, 0 / 5, type(6 / 3).__name__)


def case_int_truediv_bigints_correctly_rounded():
    return (10**400 / 10**399, (2**1024) / 2**1000, (10**20 + 1) / 10**20, 1 / 10**400)


def case_int_truediv_too_large_raises():
    return 10**400 / 3


def case_int_truediv_huge_by_one_raises():
    return (2**1024) / 1


# --- exponentiation ---------------------------------------------------------

def case_int_pow_basic():
    return (2**10, (-2)**3, (-2)**4, 0**0, 1**1000, (-1)**1001, 5**0)


def case_int_pow_negative_exponent_is_float():
    return (2**-1, 10**-2, (-2)**-3, type(4**-1).__name__)


def case_int_zero_pow_negative_raises():
    b = 0
    return b**-1


def case_int_pow_right_associative():
    return (2**3**2, (2**3)**2, -2**2, (-2)**2)


def case_int_three_arg_pow():
    return (pow(3, 200, 10**9 + 7), pow(2, 10, 1000), pow(-3, 3, 7), pow(3, 3, -7), pow(5, 0, 1))


def case_int_three_arg_pow_negative_exponent_inverse():
    return (pow(2, -1, 7), pow(3, -2, 11), pow(38, -1, 97))


def case_int_three_arg_pow_not_invertible_raises():
    return pow(2, -1, 4)


def case_int_three_arg_pow_zero_mod_raises():
    return pow(2, 3, 0)


# --- bit operations and shifts ---------------------------------------------

def case_int_bit_and_or_xor():
    a = 0b1100
    b = 0b1010
    return (a & b, a | b, a ^ b, ~a, ~0, ~-1)


def case_int_bit_ops_negative():
    return (-5 & 0xFF, -5 | 2, -5 ^ 3, -1 & 12345, -8 & -3, -8 | -3, -8 ^ -3)


def case_int_bit_ops_bigints():
    a = 2**100 + 2**50 + 1
    b = 2**100 - 1
    return (a & b, a | b, a ^ b, ~a, -a & b, a & -b)


def case_int_left_shift():
    return (1 << 0, 1 << 10, 1 << 63, 1 << 64, 1 << 100, -3 << 5, 0 << 1000)


def case_int_right_shift():
    return (1024 >> 3, -1024 >> 3, -1 >> 100, -5 >> 1, 5 >> 1, (2**200) >> 190, 7 >> 64)


def case_int_negative_shift_raises():
    n = -1
    return 1 << n


def case_int_negative_right_shift_raises():
    n = -2
    return 8 >> n


def case_int_bit_length_and_count():
    return ((0).bit_length(), (1).bit_length(), (255).bit_length(), (-256).bit_length(),
            (2**64).bit_length(), (255).bit_count(), (-7).bit_count())


def case_int_bin_oct_hex():
    return (bin(10), bin(-10), oct(64), oct(-8), hex(255), hex(-255), hex(2**70), bin(0))


# --- comparisons and mixing --------------------------------------------------

def case_int_comparisons_basic():
    return (1 < 2, 2 < 1, 3 == 3, 3 != 4, -1 <= -1, -2 >= -1, 0 == -0)


def case_int_float_comparison_exact():
    n = 2**53 + 1
    return (n == float(n), n > float(n), float(n) == 2**53, 2**53 == 2.0**53)


def case_int_float_comparison_huge():
    big = 10**400
    inf = float("inf")
    return (big < inf, big > -inf, big > 1e308, -big < -1e308, big == inf)


def case_int_compare_with_nan():
    nan = float("nan")
    return (1 < nan, 1 > nan, 1 == nan, 1 != nan, 10**400 < nan)


def case_int_equal_float_and_hash():
    return (1 == 1.0, hash(1) == hash(1.0), -0 == 0.0, 2**70 == 2.0**70, hash(2**70) == hash(2.0**70))


def case_int_chained_mixed_comparison():
    x = 5
    return (1 < x < 10, 1 < x > 10, x == 5.0 == 5, 0 <= x < 5)


def case_int_compare_str_raises():
    a = 1
    b = "1"
    return a < b


def case_int_eq_str_is_false():
    return (1 == "1", 1 != "1", 0 == "", 0 == None)  # noqa: E711


# --- int() from strings and floats -------------------------------------------

def case_int_from_str_basic():
    return (int("42"), int("-17"), int("  +8  "), int("0"), int("-0"), int("007"), int("1_000_000"))


def case_int_from_str_bases():
    return (int("ff", 16), int("FF", 16), int("0x1f", 16), int("777", 8), int("101", 2),
            int("z", 36), int("0b101", 0), int("0o17", 0), int("0x10", 0), int("10", 0))


def case_int_from_str_big():
    return int("123456789012345678901234567890123456789") * 3


def case_int_from_str_unicode_digits():
    return (int("\u0663\u0664"), int("\uff11\uff12"))


def case_int_from_str_invalid_raises():
    return int("12a")


def case_int_from_str_float_text_raises():
    return int("1.5")


def case_int_from_empty_str_raises():
    return int("")


def case_int_from_str_bad_base_digit_raises():
    return int("9", 8)


def case_int_from_str_leading_zero_base0_raises():
    return int("010", 0)


def case_int_from_float_truncates():
    return (int(3.9), int(-3.9), int(0.5), int(-0.5), int(1e20), int(-2.5e15), int(1.0))


def case_int_from_float_huge_exact():
    return (int(1e300) % 1000007, int(2.0**100), int(-1.5e25))


def case_int_from_inf_raises():
    return int(float("inf"))


def case_int_from_nan_raises():
    return int(float("nan"))


def case_int_from_bool_and_int():
    return (int(True), int(False), int(-7), int())


def case_int_from_list_raises():
    return int([1])


# --- bool arithmetic -----------------------------------------------------------

def case_bool_arithmetic_is_int():
    t = True
    f = False
    return (t + t, t * 3, t - f, -t, ~t, ~f, t / 2, t // 2, t % 2, t**2, type(t + f).__name__)


def case_bool_bitwise_stays_bool():
    t = True
    f = False
    return (t & f, t | f, t ^ t, t & 1, f | 2, type(t & f).__name__, type(t & 1).__name__)


def case_bool_sum_and_count():
    flags = [True, False, True, True]
    return (sum(flags), sum(1 for f in flags if f), max(flags), min(flags))


def case_bool_comparisons_with_ints():
    return (True == 1, False == 0, True > False, True < 2, True is True, True == 1.0)


def case_bool_in_arithmetic_with_floats():
    return (True + 0.5, False * 2.5, True / 4, 2.0 ** True)


def case_bool_from_ints():
    return (bool(0), bool(1), bool(-1), bool(2**100), bool(0.0), bool(-0.0))


def case_bool_str_and_repr():
    return (str(True), repr(False), "%s" % True, "%d" % True, f"{False}")


# --- misc int methods ------------------------------------------------------------

def case_int_abs_and_neg():
    return (abs(-7), abs(7), abs(0), abs(-2**100), -(-3))


def case_int_str_repr():
    return (str(0), str(-12), repr(10**20), str(2**64), "%d" % -(2**70))


def case_int_is_integer_and_ratio():
    return ((7).as_integer_ratio(), (-3).numerator, (5).denominator, (5).real, (5).imag)


def case_int_round():
    return (round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2), round(7), round(15, -1), round(25, -1))


def case_int_gcd_loop():
    a, b = 1071, 462
    while b:
        a, b = b, a % b
    return a


def case_int_digit_sum_bigint():
    x = 2**1000
    s = 0
    while x:
        s = s + x % 10
        x = x // 10
    return s


def case_int_augmented_assignment():
    x = 10
    x += 5
    x -= 3
    x *= 4
    x //= 5
    x %= 7
    x **= 3
    x <<= 2
    x >>= 1
    x |= 1
    x &= 0xFF
    x ^= 0x0F
    return x


def case_int_unary_chain():
    x = 5
    return (-(-x), +(-x), -(+x), ~~x, not x, not 0)


def case_int_sum_beyond_64_bits_then_other_items():
    big = [2**62] * 5
    return (sum(big), sum(big + [True, 1]), sum(big + [1.5]), sum(big + [2**70, -(2**70)]), sum([2**63 - 1, 1, -1]), sum([-(2**63), -1]),
            sum(x * x for x in range(3_000_000, 3_000_100)), sum([2**62] * 4, 2**62), sum([10**19] * 3) / 3, type(sum([2**63, -(2**63)])).__name__)


def case_int_sum_beyond_128_bits():
    return (sum([2**126] * 5), sum([2**126] * 5 + [1.0]), sum([-(2**126)] * 5 + [2**127]))
