"""Conformance cases: functions, closures, recursion, lambdas, higher-order.

A few cases take arguments; they are listed in ``ARGS`` (case name -> tuple of
positional arguments shipped to the engine).
"""

import functools

ARGS = {
    "case_args_positional": (3, 4),
    "case_args_bigint_and_float": (2**100, -0.0),
    "case_args_containers": ([1, 2, 3], {"k": (1, "v")}, "text"),
    "case_args_nested_structures": ({"a": [1, {2, 3}], "b": frozenset({4})}, (None, True)),
    "case_args_raises_on_bad_input": ("not a number",),
}


def case_args_positional(a, b):
    return (a * b, a - b, a ** b)


def case_args_bigint_and_float(n, z):
    return (n + 1, repr(z), n // 3, type(z).__name__)


def case_args_containers(xs, d, s):
    return (sum(xs), d["k"][1], s.upper(), len(d))


def case_args_nested_structures(d, t):
    return (d["a"][0], sorted(d["a"][1]), sorted(d["b"]), t)


def case_args_raises_on_bad_input(s):
    return int(s)


# --- defaults, keyword arguments, *args, **kwargs ----------------------------------

def _greet(name, greeting="Hello", punct="!"):
    return greeting + ", " + name + punct


def case_func_default_arguments():
    return (_greet("Ann"), _greet("Bob", "Hi"), _greet("Cy", punct="?"), _greet(punct=".", name="Di"))


def case_func_default_evaluated_at_definition():
    x = 10

    def f(a=x):
        return a

    x = 20
    return (f(), f(x), x)


def case_func_default_none_pattern():
    def f(xs=None):
        if xs is None:
            xs = []
        return xs + [1]

    return (f(), f(), f([0]))


def case_func_keyword_arguments_any_order():
    def f(a, b, c):
        return (a, b, c)

    return (f(1, 2, 3), f(c=3, a=1, b=2), f(1, c=3, b=2))


def case_func_keyword_only_arguments():
    def f(a, *, key, flag=False):
        return (a, key, flag)

    return (f(1, key="k"), f(2, flag=True, key=0))


def case_func_keyword_only_passed_positionally_raises():
    def f(a, *, key):
        return (a, key)

    return f(1, 2)


def case_func_positional_only_arguments():
    def f(a, b, /, c):
        return a + b + c

    return (f(1, 2, 3), f(1, 2, c=3))


def case_func_positional_only_passed_by_keyword_raises():
    def f(a, /):
        return a

    return f(a=1)


def case_func_varargs():
    def f(*args):
        return (len(args), args, type(args).__name__)

    return (f(), f(1), f(1, "a", None), f(*[1, 2], *(3,)))


def case_func_kwargs_preserve_order():
    def f(**kwargs):
        return (list(kwargs.items()), type(kwargs).__name__)

    return (f(), f(z=1, a=2, m=3), f(**{"b": 1, "a": 2}))


def case_func_all_parameter_kinds():
    def f(a, b=2, *args, c, d=4, **kw):
        return (a, b, args, c, d, kw)

    return (f(1, c=3), f(1, 5, 6, 7, c=8, e=9), f(*[1, 2, 3], **{"c": 0, "z": 1}))


def case_func_missing_argument_raises():
    def f(a, b):
        return a + b

    return f(1)


def case_func_too_many_arguments_raises():
    def f(a):
        return a

    return f(1, 2)


def case_func_unexpected_keyword_raises():
    def f(a):
        return a

    return f(b=1)


def case_func_duplicate_argument_raises():
    def f(a, b):
        return a + b

    return f(1, a=2)


def case_func_call_with_unpacked_dict():
    def f(a, b, c=0):
        return a * 100 + b * 10 + c

    args = {"b": 2, "a": 1}
    return (f(**args), f(**args, c=3), f(*(7, 8), **{"c": 9}))


# --- closures --------------------------------------------------------------------------

def _make_adder(n):
    def add(x):
        return x + n

    return add


def case_closure_captures_argument():
    add5 = _make_adder(5)
    add10 = _make_adder(10)
    return (add5(1), add10(1), add5(add10(0)))


def case_closure_late_binding_in_loop():
    fs = []
    for i in range(4):
        fs.append(lambda: i * 10)
    return [f() for f in fs]


def case_closure_late_binding_fixed_with_default():
    fs = [lambda i=i: i * 10 for i in range(4)]
    return [f() for f in fs]


def case_closure_sees_later_assignment():
    def outer():
        def inner():
            return value

        value = "assigned after inner was defined"
        return inner()

    return outer()


def case_closure_unbound_before_assignment_raises():
    def outer():
        def inner():
            return value

        result = inner()
        value = 1
        return result

    return outer()


def case_closure_local_shadowing_unboundlocal_raises():
    x = 1

    def f():
        y = x
        x = 2
        return y

    return f()


def case_closure_nested_three_levels():
    def a(x):
        def b(y):
            def c(z):
                return x * 100 + y * 10 + z

            return c

        return b

    return a(1)(2)(3)


def case_closure_counter_without_mutation():
    def make_counter(start):
        def step(n):
            return make_counter(start + n)

        def value():
            return start

        return step, value

    step, value = make_counter(0)
    step2, value2 = step(5)
    step3, value3 = step2(-2)
    return (value(), value2(), value3())


def case_closure_shared_cell_between_two_functions():
    def make():
        data = (1, 2, 3)

        def first():
            return data[0]

        def total():
            return sum(data)

        return first, total

    f, t = make()
    return (f(), t())


# --- recursion -------------------------------------------------------------------------

def case_recursion_factorial():
    def fact(n):
        return 1 if n <= 1 else n * fact(n - 1)

    return (fact(0), fact(10), fact(30))


def case_recursion_fibonacci_naive():
    def fib(n):
        if n < 2:
            return n
        return fib(n - 1) + fib(n - 2)

    return [fib(i) for i in range(20)]


def case_recursion_ackermann_small():
    def ack(m, n):
        if m == 0:
            return n + 1
        if n == 0:
            return ack(m - 1, 1)
        return ack(m - 1, ack(m, n - 1))

    return (ack(1, 2), ack(2, 3), ack(3, 3))


def case_recursion_depth_500():
    def depth(n):
        return 0 if n == 0 else 1 + depth(n - 1)

    return depth(500)


def case_recursion_hanoi_moves():
    def hanoi(n, src, dst, via):
        if n == 0:
            return []
        return hanoi(n - 1, src, via, dst) + [(src, dst)] + hanoi(n - 1, via, dst, src)

    moves = hanoi(4, "A", "C", "B")
    return (len(moves), moves[:5])


def case_recursion_permutations():
    def perms(xs):
        if len(xs) <= 1:
            return [xs]
        out = []
        for i in range(len(xs)):
            for p in perms(xs[:i] + xs[i + 1:]):
                out.append([xs[i]] + p)
        return out

    return perms([1, 2, 3])


def case_recursion_flatten_nested():
    def flatten(x):
        if isinstance(x, list):
            return [y for item in x for y in flatten(item)]
        return [x]

    return flatten([1, [2, [3, [4, []]], 5], [[6]]])


def case_mutual_recursion_defined_after_caller():
    return ([_is_even(n) for n in range(6)], _is_odd(7), _is_even(100))


def _is_even(n):
    return True if n == 0 else _is_odd(n - 1)


def _is_odd(n):
    return False if n == 0 else _is_even(n - 1)


def case_mutual_recursion_local_functions():
    def ping(n):
        return ["ping"] + pong(n - 1) if n > 0 else []

    def pong(n):
        return ["pong"] + ping(n - 1) if n > 0 else []

    return ping(5)


def case_helper_defined_later_in_module():
    return _later_helper(4)


def _later_helper(n):
    return [_square(i) for i in range(n)]


def _square(x):
    return x * x


# --- lambdas and higher-order functions --------------------------------------------------

def case_lambda_basic():
    sq = lambda x: x * x  # noqa: E731
    add = lambda a, b=10: a + b  # noqa: E731
    const = lambda: "k"  # noqa: E731
    return (sq(7), add(1), add(1, 2), const(), (lambda *a: len(a))(1, 2, 3))


def case_lambda_in_sorted_map_filter():
    xs = [3, -1, 4, -1, 5, -9]
    return (sorted(xs, key=lambda x: abs(x)), list(map(lambda x: x * 2, xs)), list(filter(lambda x: x > 0, xs)))


def case_lambda_immediately_invoked_nested():
    return (lambda x: (lambda y: x + y))(3)(4)


def case_higher_order_compose():
    def compose(f, g):
        return lambda x: f(g(x))

    inc = lambda x: x + 1  # noqa: E731
    dbl = lambda x: x * 2  # noqa: E731
    return (compose(inc, dbl)(5), compose(dbl, inc)(5), compose(str, compose(inc, inc))(0))


def case_higher_order_apply_n_times():
    def apply_n(f, n, x):
        for _ in range(n):
            x = f(x)
        return x

    return (apply_n(lambda v: v * 2, 10, 1), apply_n(lambda s: s + "a", 3, ""))


def case_function_returned_from_function_chain():
    def multiplier(k):
        return lambda x: x * k

    fs = [multiplier(k) for k in range(1, 4)]
    return [f(10) for f in fs]


def case_function_as_dict_value_dispatch():
    ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
    return [ops[op](6, 3) for op in "+-*"]


def case_decorator_wrapping():
    def twice(f):
        def wrapper(*args, **kwargs):
            return f(f(*args, **kwargs))

        return wrapper

    @twice
    def inc(x):
        return x + 1

    return (inc(0), inc(10))


def case_decorator_with_arguments():
    def scale(k):
        def deco(f):
            def wrapper(x):
                return f(x) * k

            return wrapper

        return deco

    @scale(3)
    def plus_one(x):
        return x + 1

    return plus_one(4)


def case_function_name_attribute():
    def named():
        return 1

    lam = lambda: 0  # noqa: E731
    return (named.__name__, lam.__name__, _greet.__name__)


def case_functools_partial():
    def power(base, exp):
        return base ** exp

    square = functools.partial(power, exp=2)
    two_to = functools.partial(power, 2)
    return (square(9), two_to(10))


def case_functools_reduce_with_and_without_initial():
    return (functools.reduce(lambda a, b: a + b, [1, 2, 3, 4]), functools.reduce(lambda a, b: a * b, [1, 2, 3, 4], 10),
            functools.reduce(lambda a, b: a + b, [], 0), functools.reduce(lambda a, b: b + a, "abc"),
            functools.reduce(max, [3, 9, 2]))


def case_functools_reduce_empty_without_initial_raises():
    return functools.reduce(lambda a, b: a + b, [])


def case_calling_non_callable_raises():
    x = 5
    return x()


def case_recursive_lambda_via_name():
    fact = lambda n: 1 if n == 0 else n * fact(n - 1)  # noqa: E731
    return fact(12)


def case_function_returning_none_implicitly():
    def f():
        pass

    def g(x):
        if x:
            return "yes"

    return (f(), g(1), g(0))


def case_generator_of_closures_over_parameters():
    def make(n):
        return [lambda x, k=k: x + k for k in range(n)]

    return [f(100) for f in make(3)]


# --- calls of module-level functions (the interpreter borrows the callee) ---
def _global_halves(a, b, f):
    if b - a <= 1:
        return f(a) if b > a else 0
    mid = (a + b) // 2
    return _global_halves(a, mid, f) + _global_halves(mid, b, f)


def _global_checked(x):
    if x == 13:
        raise ValueError("unlucky")
    return x * 2


class _GlobalPoint:
    def __init__(self, x):
        self.x = x


def case_global_recursion_passing_a_function_along():
    return _global_halves(0, 100, lambda x: x * x)


def case_global_callee_error_is_caught_by_the_caller():
    out = []
    for i in range(10, 16):
        try:
            out.append(_global_checked(i))
        except ValueError as e:
            out.append(str(e))
    return out


def case_global_callee_error_propagates_through_recursion_raises():
    def walk(n):
        return _global_checked(n) if n == 13 else walk(n + 1)

    return walk(0)


def case_global_class_and_builtin_called_like_functions():
    p = _GlobalPoint(3)
    return (p.x, len([1, 2]), _GlobalPoint(p.x + 1).x)


def case_undefined_global_called_raises():
    x = 1
    return _no_such_function_anywhere(x)  # noqa: F821


def case_undefined_global_called_before_its_failing_argument_raises():
    return _no_such_function_anywhere(1 // 0)  # noqa: F821


def case_global_function_value_survives_being_called():
    f = _global_checked
    return (_global_checked(2), f(3), _global_checked is f)


def _keyword_names(**kw):
    return list(kw)


def case_keyword_order_with_double_star_unpacking():
    return (
        _keyword_names(**{"y": 1}, z=2),
        _keyword_names(a=1, **{"y": 1}, b=2),
        _keyword_names(**{"p": 1}, **{"q": 2}, r=3),
    )


def case_duplicate_keyword_after_double_star_raises():
    return _keyword_names(**{"a": 1}, a=2)


def case_duplicate_keyword_before_double_star_raises():
    return _keyword_names(a=1, **{"a": 2})


def case_duplicate_keyword_in_two_double_stars_raises():
    return _keyword_names(**{"b": 1}, **{"b": 2})


def _cmp_by_length_then_reverse(a, b):
    if len(a) != len(b):
        return len(a) - len(b)
    return (a < b) - (a > b)


def case_func_cmp_to_key_sorts_as_cpython():
    import functools
    words = ["pear", "fig", "apple", "kiwi", "date", "banana", "fig"]
    key = functools.cmp_to_key(_cmp_by_length_then_reverse)
    k = key("abc")
    return (sorted(words, key=key), sorted(words, key=key, reverse=True), max(words, key=key), min([3, 1, 2], key=functools.cmp_to_key(lambda a, b: b - a)),
            k.obj, key("ab") < key("abc"), key("ab") == key("ab"), key("ab") >= key("b"))


def case_func_cmp_to_key_objects_are_unhashable_raises():
    import functools
    return hash(functools.cmp_to_key(lambda a, b: 0)(1))


def case_functools_wraps_in_a_decorator():
    import functools

    def logged(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            return ("logged", f(*args, **kwargs))

        return wrapper

    @logged
    def area(w, h=2):
        """Width times height."""
        return w * h

    def plain(x):
        return x

    copied = functools.update_wrapper(lambda x: x + 1, plain)
    return (area(3), area(3, h=4), area.__name__, area.__doc__, area.__wrapped__(5), copied.__name__, copied(1),
            copied.__wrapped__ is plain)


def case_qualified_names_and_the_messages_that_use_them():
    def outer():
        def inner(a):
            return a

        return inner

    class Holder:
        def method(self, a):
            return a

        class Nested:
            def deep(self):
                return 0

    out = []
    for f in (lambda: outer()(), lambda: Holder().method(), lambda: (lambda a: a)(), lambda: outer()(1, 2), lambda: Holder().method(b=1)):
        try:
            f()
        except TypeError as e:
            out.append(str(e))
    names = (outer.__qualname__, outer().__qualname__, Holder.method.__qualname__, Holder.Nested.deep.__qualname__, (lambda: 0).__qualname__)
    return out, names, [g.__name__ for g in (outer, outer(), Holder.method)]


def case_empty_min_max_and_percent_format_messages():
    out = []
    for f in (lambda: max([]), lambda: min([], key=len), lambda: max(iter(())), lambda: "%d" % "x", lambda: "%i" % "x", lambda: "%x" % "x"):
        try:
            f()
        except (TypeError, ValueError) as e:
            out.append((type(e).__name__, str(e)))
    return out


def _apply_all(f, values):
    return [f(v) for v in values]


_ARITH_VALUES = [0, 1, -7, 3, 2**62, -(2**63), 2.5, -0.0, 1e308, float("inf"), True]


def case_arith_lambdas_on_numbers_of_every_kind():
    # Bodies of a few arithmetic steps are computed in the caller's frame
    # where every step is exact; the rest run as usual.
    lambdas = [
        lambda x: x**0.5 if False else x * 10.0 + 20.0,
        lambda x: (x + 3.0) * 2.0 + 1.0,
        lambda x: x * x + x,
        lambda x: 2 - x,
        lambda x: x // 4,
        lambda x: x % 5,
        lambda x: x * 3 * 3 * 3 * 3 * 3 * 3 * 3 * 3 * 3,
    ]
    ints = [v for v in _ARITH_VALUES if isinstance(v, int)]
    return [_apply_all(f, _ARITH_VALUES) for f in lambdas], _apply_all(lambda x: x & 12 | 3 ^ x, ints)


def case_arith_lambda_powers():
    root = lambda x: x**0.5  # noqa: E731
    return _apply_all(root, [0, 1, 2, 4.0, 1e300, float("inf"), 7]), [(lambda a, b: a * b - a)(p, q) for p, q in [(2, 3), (2.5, 4), (2**40, 2**40)]]


def case_arith_lambda_of_a_string_raises():
    root = lambda x: x**0.5  # noqa: E731
    return _apply_all(root, [4, "s"])


def case_arith_lambda_division_by_zero_raises():
    inverse = lambda x: 1 / x + 1  # noqa: E731
    return _apply_all(inverse, [2, 0])


def case_arith_function_of_strings_and_lists():
    def joined(a, b):
        return a + b

    return joined("ab", "cd"), joined([1], [2]), joined((1,), (2,)), joined(1.5, True)


def case_arith_lambda_as_a_key_and_in_map():
    return sorted([3, -1, 2], key=lambda x: x * x - 2 * x), list(map(lambda x: x * 0.1, range(5))), max(range(10), key=lambda x: (x - 4) * (x - 4))
