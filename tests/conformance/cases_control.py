"""Conformance cases: control flow (comparisons, conditionals, walrus, loops)."""


def case_ctrl_chained_comparisons():
    a, b, c = 1, 2, 3
    return (a < b < c, a < b > c, a < c > b, a == 1 < b, c > b >= 2 > a, 1 < 2 < 3 < 4 < 3, a != b != a, 0 <= b <= 2)


def case_ctrl_chained_comparison_evaluates_middle_once():
    it = iter([2, 100, 200])
    r = 1 < next(it) < 3
    return (r, next(it))


def case_ctrl_chained_comparison_short_circuits():
    x = 0
    # 1 / x and 1 // x would raise if they were evaluated
    return (5 < 3 < 1 / x, 1 < 2 > 3 < 1 // x)


def case_ctrl_chained_membership_and_identity():
    xs = [1, 2]
    return (1 in xs in [[1, 2]], None is None is not False, 2 not in xs == False)  # noqa: E712


def case_ctrl_conditional_expressions():
    def sign(x):
        return "neg" if x < 0 else "zero" if x == 0 else "pos"

    return ([sign(v) for v in (-5, 0, 5)], (1 if [] else 2), ("a" if "x" else "b"))


def case_ctrl_conditional_expression_lazy():
    x = 0
    return ("safe" if x == 0 else 1 // x, 10 // x if x else "skipped")


def case_ctrl_and_or_return_operands():
    return (0 or "x", "" or [] or None, 1 and "y", "" and 1 / 0, [] or {}, 3 and 0 and 1 / 0, None or 0, "a" and "b" or "c")


def case_ctrl_not_and_truthiness():
    return (not 0, not 1, not "", not "a", not [], not [0], not None, not 0.0, not -0.0, not float("nan"))


def case_ctrl_walrus_in_while():
    data = [3, 1, 4, 0, 5]
    i = 0
    seen = []
    while (x := data[i]) != 0:
        seen.append(x)
        i += 1
    return (seen, x, i)


def case_ctrl_walrus_in_comprehension_binds_outer():
    values = [1, 5, 2, 8]
    big = [y for v in values if (y := v * 10) > 20]
    return (big, y)


def case_ctrl_walrus_in_if():
    text = "hello world"
    if (n := len(text)) > 5:
        result = "long:%d" % n
    else:
        result = "short"
    return (result, n)


def case_ctrl_walrus_any_witness():
    xs = [1, 3, 8, 5, 10]
    if any((w := x) % 2 == 0 for x in xs):
        return w
    return None


def case_ctrl_while_else_no_break():
    i = 0
    log = []
    while i < 3:
        log.append(i)
        i += 1
    else:
        log.append("else")
    return log


def case_ctrl_while_else_with_break():
    i = 0
    log = []
    while i < 10:
        if i == 2:
            break
        log.append(i)
        i += 1
    else:
        log.append("else")
    return log


def case_ctrl_while_false_runs_else():
    log = []
    while False:
        log.append("body")
    else:
        log.append("else")
    return log


def case_ctrl_for_else_search():
    def find(xs, target):
        for i, x in enumerate(xs):
            if x == target:
                break
        else:
            return -1
        return i

    return (find([5, 6, 7], 6), find([5, 6, 7], 9), find([], 1))


def case_ctrl_for_else_empty_iterable():
    for _ in []:
        result = "body"
    else:
        result = "else"
    return result


def case_ctrl_break_continue():
    out = []
    for i in range(20):
        if i % 2 == 0:
            continue
        if i > 11:
            break
        out.append(i)
    return out


def case_ctrl_nested_loops_break_inner_only():
    out = []
    for i in range(4):
        for j in range(4):
            if j > i:
                break
            out.append((i, j))
    return out


def case_ctrl_nested_loops_break_outer_with_flag():
    found = None
    for i in range(1, 10):
        for j in range(1, 10):
            if i * j == 42:
                found = (i, j)
                break
        if found is not None:
            break
    return found


def case_ctrl_nested_loops_continue_outer_via_else():
    primes = []
    for n in range(2, 30):
        for d in range(2, n):
            if n % d == 0:
                break
        else:
            primes.append(n)
    return primes


def case_ctrl_loop_variable_after_loop():
    for i in range(5):
        pass
    for j in range(3, 0, -1):
        pass
    return (i, j)


def case_ctrl_loop_variable_unbound_after_empty_loop_raises():
    for k in []:
        pass
    return k  # noqa: F821


def case_ctrl_while_true_with_return():
    n = 27
    steps = 0
    while True:
        if n == 1:
            return steps
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1


def case_ctrl_if_elif_else_ladder():
    def grade(score):
        if score >= 90:
            return "A"
        elif score >= 80:
            return "B"
        elif score >= 70:
            return "C"
        else:
            return "F"

    return [grade(s) for s in (95, 90, 85, 72, 10)]


def case_ctrl_range_loop_modifying_bound_has_no_effect():
    n = 3
    count = 0
    for _ in range(n):
        n = n + 10
        count += 1
    return (count, n)


def case_ctrl_loop_reassigning_loop_var():
    out = []
    for i in range(3):
        out.append(i)
        i = 100
    return out


def case_ctrl_pass_and_ellipsis():
    def noop():
        pass

    def dots():
        ...

    return (noop(), dots(), ... is Ellipsis, type(...).__name__)


def case_ctrl_early_return_in_nested_loop():
    def first_pair(n, target):
        for a in range(n):
            for b in range(n):
                if a + b == target and a < b:
                    return (a, b)
        return None

    return (first_pair(10, 7), first_pair(3, 100))


def case_ctrl_match_like_dispatch_with_dict():
    handlers = {"add": lambda a, b: a + b, "neg": lambda a, b: -a}
    cmds = [("add", 2, 3), ("neg", 4, 0), ("mul", 1, 1)]
    return [handlers[c](a, b) if c in handlers else "unknown" for c, a, b in cmds]


def case_ctrl_collatz_lengths():
    def length(n):
        steps = 1
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            steps += 1
        return steps

    return [length(n) for n in range(1, 16)]


def case_ctrl_nested_conditionals_in_comprehension():
    return [("fizzbuzz" if i % 15 == 0 else "fizz" if i % 3 == 0 else "buzz" if i % 5 == 0 else i) for i in range(1, 16)]


def case_ctrl_deeply_nested_blocks():
    total = 0
    for i in range(5):
        if i % 2 == 0:
            j = 0
            while j < i:
                try:
                    if j == 1:
                        raise ValueError
                    total += j
                except ValueError:
                    total += 100
                finally:
                    total += 1000
                j += 1
        else:
            total -= 1
    return total


def case_ctrl_augmented_assignment_on_subscripts_local():
    counts = [0, 0, 0]
    d = {"a": 1}
    for i in range(7):
        counts[i % 3] += i
    d["a"] *= 5
    d["b"] = d.get("b", 0) - 1
    return (counts, d)


def case_ctrl_multiple_assignment_targets():
    a = b = c = 7
    x, y = z = (1, 2)
    return (a, b, c, x, y, z)


def case_ctrl_comparison_operators_all():
    a = 3
    return (a == 3, a != 3, a < 4, a <= 3, a > 3, a >= 3, a is not None, a in (1, 3), a not in (1, 3))


def case_ctrl_identity_of_none_true_false():
    x = None
    return (x is None, x is not None, (1 == 1) is True, (1 == 2) is False, bool(x) is False)


def case_ctrl_if_on_containers_and_numbers():
    out = []
    for v in (0, 1, "", "s", [], [0], None, 0.0, -1):
        if v:
            out.append("T")
        else:
            out.append("F")
    return "".join(out)


# --- while loops test their condition at the top and again at the bottom ---
def case_while_condition_with_walrus_continue_and_else():
    out, n = [], 10
    while (n := n - 1) > 0:
        if n % 3 == 0:
            continue
        out.append(n)
    else:
        out.append("done")
    return out


def case_while_condition_fails_on_a_later_iteration_raises():
    d, total = 3, 0
    while 10 // d > 0:
        total += 1
        d -= 1
    return total


def case_while_body_breaks_before_the_bottom_test():
    i = 0
    while i < 100:
        i += 7
        if i > 30:
            break
    else:
        i = -1
    return i


class _Truthy:
    """Counts nothing (pure), but a __bool__ that raises on the second
    operand shows which operands a condition evaluates."""

    def __init__(self, v):
        self.v = v

    def __bool__(self):
        if self.v is None:
            raise ValueError("evaluated")
        return self.v


def _classify(x):
    if x > 1 or x < -1 and x != -5:
        return "big"
    elif not x:
        return "zero"
    elif not (x > 0 and x < 1) and not x < -1:
        return "edge"
    return "small"


def case_conditions_short_circuit_with_and_or_not():
    out = [_classify(x) for x in (0, 3, -5, -3, 0.5, -0.5, 1, -1, 2)]
    i, n = 0, []
    while i < 10 and not (i % 7 == 6) or i == 0:
        n.append(i)
        i += 1
    picked = [x for x in range(30) if x % 2 and x % 3 or not x and True]
    guarded = "ok" if _Truthy(False) and _Truthy(None) else "skipped"
    either = 1 if _Truthy(True) or _Truthy(None) else 2
    return out, n, picked, guarded, either


def case_condition_operand_error_raises():
    if _Truthy(True) and _Truthy(None):
        return 1
    return 2
