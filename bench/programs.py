"""Benchmark programs: the same source runs on CPython, PyPy and pyfora.

Each entry of PROGRAMS maps a name to (function, default N, unit). The
functions are ordinary Python; pyfora runs them through `executor.submit`.
"""
import math


def sum_sin(n):
    """The docs' headline: sum of sin(i) over range(n)."""
    return sum(math.sin(i) for i in range(n))


def is_prime(p):
    """Trial division, as in the docs' isPrime example."""
    if p < 2:
        return 0
    x = 2
    while x * x <= p:
        if p % x == 0:
            return 0
        x += 1
    return 1


def primes(n):
    """Number of primes below n (uneven work per item)."""
    return sum(is_prime(x) for x in range(n))


def loop_sum(x):
    """A while loop over floats (the docs' loopSum)."""
    result = 0.0
    while x > 0:
        result = result + x
        x = x - 1
    return result


class Add:
    def __init__(self, c):
        self.c = c

    def __call__(self, x):
        return x + self.c


class Multiply:
    def __init__(self, c):
        self.c = c

    def __call__(self, x):
        return x * self.c


class Compose:
    def __init__(self, f, g):
        self.f = f
        self.g = g

    def __call__(self, x):
        return self.f(self.g(x))


def loop_sum_f(x, f):
    """loopSum with a function argument (the docs' Compose example)."""
    result = 0.0
    while x > 0:
        result = result + f(x)
        x = x - 1
    return result


def compose_class(n):
    """f(x) = ((x + 3.0) * 2.0) + 1.0 built from callable instances."""
    return loop_sum_f(n, Compose(Add(1.0), Compose(Multiply(2.0), Add(3.0))))


def compose_lambda(n):
    """The same f as a lambda."""
    return loop_sum_f(n, lambda x: (x + 3.0) * 2.0 + 1.0)


def loop_sum_docs(x, f):
    """loopSum exactly as the docs' Performance Guide writes it: `result`
    starts as the int 0 and becomes a float."""
    result = 0
    while x > 0:
        result = result + f(x)
        x = x - 1
    return result


def compose_docs(n):
    """The docs' `loopSum(n, Compose(Multiply(10.0), Add(20.0)))`."""
    return loop_sum_docs(n, Compose(Multiply(10.0), Add(20.0)))


def lambda_docs(n):
    """The docs' `loopSum(n, lambda x: x * 10.0 + 20.0)`."""
    return loop_sum_docs(n, lambda x: x * 10.0 + 20.0)


def dc(a, b, f):
    """Recursive divide and conquer over [a, b)."""
    if b - a <= 1:
        if b > a:
            return f(a)
        return 0.0
    mid = (a + b) // 2
    return dc(a, mid, f) + dc(mid, b, f)


def dc_sum(n):
    return dc(0, n, lambda x: x ** 0.5)


def listcomp(n):
    """Build [x * x for x in range(n)] and average it."""
    lst = [x * x for x in range(n)]
    return sum(lst) / len(lst)


def count_primes(lo, hi):
    """Primes in [lo, hi) by trial division, as a loop."""
    total = 0
    for p in range(lo, hi):
        x = 2
        prime = p >= 2
        while x * x <= p:
            if p % x == 0:
                prime = False
                break
            x += 1
        total += prime
    return total


def call_pairs(n):
    """Two independent calls in one expression (the docs' f(g(), h()))."""
    return count_primes(0, n) - count_primes(n, 2 * n)


def listcomp_primes(n):
    """The docs' [isPrime(x) for x in xrange(N)], summed."""
    return sum([is_prime(x) for x in range(n)])


def max_sin(n):
    """A parallel max() of a generator expression."""
    return max(math.sin(i) for i in range(n))


def any_sin(n):
    """A parallel any() that never decides early (sin never exceeds 1)."""
    return any(math.sin(i) > 1.5 for i in range(n))


def dc_sqrt(n):
    """dc_sum with math.sqrt as the leaf (what Numba makes of x ** 0.5)."""
    return dc(0, n, lambda x: math.sqrt(x))


def cheap_pairs(n):
    """Independent calls too cheap to be worth a task, in a loop."""
    total = 0
    for i in range(n):
        total += count_primes(i, i + 3) + count_primes(i + 3, i + 6)
    return total


def _dsum(a, b, f):
    if a >= b:
        return 0
    if a + 1 >= b:
        return f(a)
    mid = (a + b) // 2
    return _dsum(a, mid, f) + _dsum(mid, b, f)


def dc_nested(n):
    """The docs' nested parallelism: sum(0, n, lambda x: sum(0, x, lambda y: x*y))
    (closures made per item: interpreted, forking its calls)."""
    return _dsum(0, n, lambda x: _dsum(0, x, lambda y: x * y))


def _digit_count(lo, hi, digit):
    if hi - lo <= 1:
        return str(lo).count(digit)
    mid = (lo + hi) // 2
    return _digit_count(lo, mid, digit) + _digit_count(mid, hi, digit)


def dc_digits(n):
    """Divide and conquer over strings (interpreted, forking its calls)."""
    return _digit_count(0, n, "7")


def sum_digits(n):
    """sum() of a generator whose body is interpreted (strings): parallel pieces."""
    return sum(len(str(i * i)) for i in range(n))


class Span:
    """Integers lo..hi that split themselves for parallel consumers
    (the docs' `__pyfora_generator__` model); CPython iterates them."""

    def __init__(self, lo, hi):
        self.lo = lo
        self.hi = hi

    def __iter__(self):
        i = self.lo
        while i < self.hi:
            yield i
            i += 1

    def __pyfora_generator__(self):
        return self

    def canSplit(self):
        return self.hi - self.lo > 1

    def split(self):
        mid = (self.lo + self.hi) // 2
        return Span(self.lo, mid), Span(mid, self.hi)


def span_primes(n):
    """The isPrime sum over a user class that splits itself."""
    return sum(is_prime(x) for x in Span(0, n))


LINREG_K = 17


def _linreg_rows(n):
    """n rows of LINREG_K features and an intercept column, with targets
    y = beta . row + 0.5 + noise (deterministic: pyfora code has no random)."""
    beta = [(j + 1.0) / LINREG_K for j in range(LINREG_K)]
    rows = [[math.sin(i * 0.37 + j * 1.91) for j in range(LINREG_K)] + [1.0] for i in range(n)]
    ys = [sum([b * v for b, v in zip(beta, row)]) + 0.5 + 0.1 * math.sin(i * 7.3) for i, row in enumerate(rows)]
    return rows, ys


def _solve(a, b):
    """pure.py's solve_spd (Gaussian elimination, partial pivoting) with rows
    replaced instead of updated through aliases (pyfora values are immutable
    once shared); the same arithmetic in the same order."""
    n = len(b)
    m = [list(a[i]) + [b[i]] for i in range(n)]
    for c in range(n):
        piv = c
        for r in range(c + 1, n):
            if abs(m[r][c]) > abs(m[piv][c]):
                piv = r
        m[c], m[piv] = m[piv], m[c]
        top = m[c]
        for r in range(c + 1, n):
            row = m[r]
            f = row[c] / top[c]
            m[r] = [row[k] - f * top[k] if k >= c else row[k] for k in range(n + 1)]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        row = m[r]
        x[r] = (row[n] - sum([row[k] * x[k] for k in range(r + 1, n)])) / row[r]
    return x


def linreg(n):
    """Linear regression by the normal equations over n rows (the peers'
    linreg_py, written without mutation through aliases): the intercept."""
    rows, ys = _linreg_rows(n)
    k = len(rows[0])
    upper = [[sum(row[i] * row[j] for row in rows) for j in range(i, k)] for i in range(k)]
    xtx = [[upper[i][j - i] if j >= i else upper[j][i - j] for j in range(k)] for i in range(k)]
    xty = [sum(row[i] * y for row, y in zip(rows, ys)) for i in range(k)]
    return _solve(xtx, xty)[-1]


def _dot_loop(a, b):
    """A dot product over two lists, as a plain loop."""
    s = 0.0
    for i in range(len(a)):
        s += a[i] * b[i]
    return s


def _dot_sum(a, b):
    """The same as a sum of a generator expression (a parallel kernel; its
    float sum associates as a tree)."""
    return sum(a[i] * b[i] for i in range(len(a)))


def list_args(n):
    """Lists built once, then passed to functions that loop over them."""
    a = [(i % 1000) * 0.001 for i in range(n)]
    b = [((i * 7) % 1000) * 0.002 for i in range(n)]
    return _dot_loop(a, b) + _dot_loop(b, a) + _dot_sum(a, b)


def word_count(n):
    """Text processing: a dict of word counts over a joined, split text."""
    text = " ".join("w%d" % (i % 1000) for i in range(n))
    counts = {}
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    return len(counts), counts["w7"]


def parse_records(n):
    """Parsing `key=value;...` records with split, isdigit and int."""
    lines = ["k%d=%d;x=%d;name=item%d" % (i, i, i * 2, i) for i in range(n)]
    total = 0
    for line in lines:
        for part in line.split(";"):
            key, value = part.split("=")
            if value.isdigit():
                total += int(value)
    return total


def str_methods(n):
    """A chain of string methods per item (strip, lower, replace, find, count)."""
    total = 0
    for i in range(n):
        s = "  Hello, World %d  " % i
        s = s.strip().lower().replace("world", "there")
        total += len(s) + s.find("there") + s.count("l")
    return total


def match_shapes(n):
    """`match` on tuples in a loop: sequence patterns with captures and a
    guard, and value patterns."""
    total = 0
    for i in range(n):
        match (i % 3, i):
            case (0, _):
                total += 1
            case (1, x) if x % 2:
                total += x
            case (k, x):
                total -= k
    return total


PROGRAMS = {
    "sum_sin": (sum_sin, 2_000_000, "iter"),
    "primes": (primes, 200_000, "item"),
    "loop_sum": (loop_sum, 5_000_000, "iter"),
    "compose_class": (compose_class, 1_000_000, "iter"),
    "compose_lambda": (compose_lambda, 1_000_000, "iter"),
    "compose_docs": (compose_docs, 1_000_000, "iter"),
    "lambda_docs": (lambda_docs, 1_000_000, "iter"),
    "dc_sum": (dc_sum, 1_000_000, "leaf"),
    "listcomp": (listcomp, 2_000_000, "item"),
    "call_pairs": (call_pairs, 300_000, "item"),
    "listcomp_primes": (listcomp_primes, 200_000, "item"),
    "max_sin": (max_sin, 2_000_000, "iter"),
    "any_sin": (any_sin, 2_000_000, "iter"),
    "dc_sqrt": (dc_sqrt, 1_000_000, "leaf"),
    "cheap_pairs": (cheap_pairs, 300_000, "pair"),
    "dc_nested": (dc_nested, 2_000, "item"),
    "dc_digits": (dc_digits, 1_000_000, "leaf"),
    "sum_digits": (sum_digits, 2_000_000, "item"),
    "span_primes": (span_primes, 200_000, "item"),
    "linreg": (linreg, 20_000, "row"),
    "list_args": (list_args, 2_000_000, "item"),
    "word_count": (word_count, 300_000, "word"),
    "parse_records": (parse_records, 100_000, "record"),
    "str_methods": (str_methods, 200_000, "item"),
    "match_shapes": (match_shapes, 1_000_000, "item"),
}
