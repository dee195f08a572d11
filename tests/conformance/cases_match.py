"""Structural pattern matching (`match`, Python 3.10+): every kind of
pattern, guards, bindings, and the errors CPython raises for patterns that
cannot apply."""


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Circle:
    __match_args__ = ("center", "radius")

    def __init__(self, center, radius):
        self.center = center
        self.radius = radius


class Plain:
    def __init__(self, a):
        self.a = a


class Color:
    RED = 1
    GREEN = 2


class BadArgs:
    __match_args__ = ["a"]

    def __init__(self):
        self.a = 1


class NonStrArgs:
    __match_args__ = (1,)


def describe(v):
    match v:
        case None:
            return "none"
        case True:
            return "true"
        case False:
            return "false"
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case -1:
            return "minus one"
        case 2.5:
            return "two and a half"
        case "hello":
            return "greeting"
        case []:
            return "empty sequence"
        case [x]:
            return ("one", x)
        case [x, y]:
            return ("two", x, y)
        case [first, *rest]:
            return ("many", first, rest)
        case {}:
            return "mapping"
        case _:
            return "other"


def case_literals_and_singletons():
    values = [None, True, False, 0, 1, 2, 3, 4, -1, 2.5, 0.0, 1.0, "hello", "hi", [], (), [7], (7,), [1, 2], (1, 2),
              [1, 2, 3], range(3), range(0), "ab", {}, {"a": 1}, {1, 2}]
    return [describe(v) for v in values]


def case_bool_is_not_int_literal():
    # `case 1:` compares with ==, so True matches 1; `case True:` uses `is`.
    out = []
    for v in [1, True, 1.0]:
        match v:
            case True:
                out.append("is True")
            case 1:
                out.append("equals 1")
    return out


def case_sequence_star_positions():
    out = []
    for v in [[1], [1, 2], [1, 2, 3], [1, 2, 3, 4, 5], (9, 8, 7, 6), range(10, 16)]:
        match v:
            case [a, *mid, b]:
                out.append((a, mid, b))
            case _:
                out.append(None)
    return out


def case_sequence_star_first_and_wildcards():
    out = []
    for v in [[1, 2, 3], [4], (5, 6), [7, 8, 9, 10]]:
        match v:
            case [*head, last] if len(head) > 1:
                out.append(("long", head, last))
            case [*_, last]:
                out.append(("short", last))
    return out


def case_strings_are_not_sequences():
    out = []
    for v in ["ab", ["a", "b"], ("a", "b")]:
        match v:
            case [a, b]:
                out.append(("seq", a, b))
            case str() as s:
                out.append(("str", s))
    return out


def case_nested_sequences():
    out = []
    for v in [[(1, 2), (3, 4)], [(1, 2), [3]], [[1, [2, 3]], 4], [1, 2]]:
        match v:
            case [(a, b), (c, d)]:
                out.append(a + b + c + d)
            case [[a, [b, c]], d]:
                out.append((a, b, c, d))
            case [(a, b), [c]]:
                out.append(("mixed", a, b, c))
            case _:
                out.append("no")
    return out


def case_mapping_patterns():
    out = []
    for v in [{"kind": "add", "a": 1, "b": 2}, {"kind": "neg", "a": 5}, {"kind": "add", "a": 1}, {"a": 1}, [("kind", "add")],
              {"kind": "neg", "a": 5, "extra": 0}]:
        match v:
            case {"kind": "add", "a": a, "b": b}:
                out.append(a + b)
            case {"kind": "neg", "a": a, **rest}:
                out.append((-a, rest))
            case {"a": _}:
                out.append("has a")
            case _:
                out.append("nothing")
    return out


def case_mapping_rest_keeps_order():
    match {3: "c", 1: "a", 2: "b", 0: "z"}:
        case {1: one, **rest}:
            return one, rest, list(rest)


def case_mapping_with_value_pattern_keys():
    match {1: "red", 2: "green", 3: "blue"}:
        case {Color.RED: r, Color.GREEN: g}:
            return r, g


def case_class_patterns_positional_and_keyword():
    shapes = [Point(0, 0), Point(1, 0), Point(0, 5), Point(3, 4), Circle(Point(1, 1), 2), Plain(7), 5]
    out = []
    for s in shapes:
        match s:
            case Point(0, 0):
                out.append("origin")
            case Point(x, 0):
                out.append(("on x", x))
            case Point(x=0, y=y):
                out.append(("on y", y))
            case Point(x, y):
                out.append(("point", x, y))
            case Circle(Point(x, y), radius=r):
                out.append(("circle", x, y, r))
            case Plain(a=a):
                out.append(("plain", a))
            case _:
                out.append("unknown")
    return out


def case_class_pattern_missing_attribute_is_no_match():
    match Plain(1):
        case Plain(b=b):
            return ("b", b)
        case Plain(a=a):
            return ("a", a)


def case_builtin_class_patterns():
    out = []
    for v in [1, True, 2.5, "s", (1, 2), [3], {"k": 1}, {4}, frozenset([5]), None]:
        match v:
            case bool(b):
                out.append(("bool", b))
            case int(i):
                out.append(("int", i))
            case float(f):
                out.append(("float", f))
            case str(s):
                out.append(("str", s))
            case tuple((a, b)):
                out.append(("tuple", a, b))
            case list([x]):
                out.append(("list", x))
            case dict({"k": k}):
                out.append(("dict", k))
            case set():
                out.append("set")
            case frozenset(fs):
                out.append(("frozenset", sorted(fs)))
            case _:
                out.append("other")
    return out


def case_or_patterns_bind_the_same_names():
    out = []
    for v in [(1, "a"), ["b", 2], {"k": 3}, 4]:
        match v:
            case (int(n), str(s)) | [str(s), int(n)]:
                out.append((n, s))
            case {"k": n} | n:
                out.append(n)
    return out


def case_as_patterns():
    out = []
    for v in [[1, 2], [3, [4, 5]], 6]:
        match v:
            case [1, 2] as whole:
                out.append(("whole", whole))
            case [a, [b, c] as inner] as outer:
                out.append((a, b, c, inner, outer))
            case (1 | 6) as n:
                out.append(("n", n))
    return out


def case_guards_see_captures_and_fall_through():
    out = []
    for v in [(1, 2), (2, 1), (3, 3), (0, 9)]:
        match v:
            case (a, b) if a < b:
                out.append(("lt", a, b))
            case (a, b) if a > b:
                out.append(("gt", a, b))
            case (a, b) if a == b:
                out.append(("eq", a))
    return out


def case_failed_case_binds_nothing():
    x = "before"
    match [1, 2]:
        case [x, 3]:
            pass
        case _:
            pass
    return x


def case_guard_failure_keeps_bindings():
    match (5, 6):
        case (a, b) if a > b:
            result = "taken"
        case _:
            result = "not taken"
    return result, a, b


def case_no_case_matches():
    result = "unset"
    match 42:
        case 1:
            result = "one"
        case "42":
            result = "str"
    return result


def case_match_in_loop_with_break_and_continue():
    total = 0
    for v in [1, "skip", 2, None, 3, "stop", 100]:
        match v:
            case int(n):
                total += n
            case "skip":
                continue
            case "stop":
                break
            case None:
                total += 1000
    return total


def case_subject_evaluated_once():
    it = iter([1, 2, 3, 4])
    out = []
    for _ in range(2):
        match next(it):
            case 5:
                out.append("five")
            case [n]:
                out.append(("list", n))
            case n:
                out.append(n)
    return out, next(it)


def case_walrus_in_guard_does_not_change_subject():
    v = [1, 2]
    match v:
        case [a] if (v := 0):
            return "no"
        case [a, b] if (v := [9]) is None:
            return "no"
        case [a, b]:
            return a, b, v


def case_body_may_mutate_the_subject_variable():
    acc = []
    for i in range(4):
        match acc:
            case []:
                acc.append(i)
            case [*_]:
                acc.append(acc[-1] + i)
    return acc


def case_match_expression_value_types():
    out = []
    for v in [0, 0.0, False, -0.0, 1 + 0.0]:
        match v:
            case 0:
                out.append(("zero", type(v).__name__))
            case 1:
                out.append(("one", type(v).__name__))
    return out


def case_recursive_evaluator():
    def ev(e):
        match e:
            case ("num", n):
                return n
            case ("add", a, b):
                return ev(a) + ev(b)
            case ("mul", a, b):
                return ev(a) * ev(b)
            case ("neg", a):
                return -ev(a)
            case _:
                raise ValueError("bad expression")

    return ev(("add", ("num", 2), ("mul", ("num", 3), ("neg", ("num", 4)))))


def case_bad_expression_raises_value_error():
    match ("pow", 2):
        case ("num", n):
            return n
        case _:
            raise ValueError("bad")


def case_too_many_positional_raises_type_error():
    match Point(1, 2):
        case Point(1, 2, 3):
            return "no"


def case_match_args_not_tuple_raises_type_error():
    match BadArgs():
        case BadArgs(1):
            return "no"


def case_match_args_not_strings_raises_type_error():
    match NonStrArgs():
        case NonStrArgs(1):
            return "no"


def case_duplicate_attribute_raises_type_error():
    match Point(1, 2):
        case Point(1, x=1):
            return "no"


def case_builtin_two_positional_raises_type_error():
    match 5:
        case int(1, 2):
            return "no"


def case_class_without_match_args_raises_type_error():
    match Plain(1):
        case Plain(1):
            return "no"


def case_not_a_class_raises_type_error():
    k = Point(1, 2)
    match 5:
        case k.x():
            return "no"


def case_not_an_instance_skips_the_checks():
    # CPython checks __match_args__ only for instances of the class.
    match 5:
        case Point(1, 2, 3):
            return "no"
        case _:
            return "skipped"


def case_duplicate_mapping_key_raises_value_error():
    one = Color.RED
    match {1: "a", 2: "b"}:
        case {Color.RED: a, 1: b}:
            return a, b


def case_unhashable_key_value_pattern_raises_type_error():
    match {1: "a"}:
        case {Holder.KEY: a}:
            return a


class Holder:
    KEY = [1]


def case_captured_parts_may_be_mutated():
    match ([1, 2, 3], {"k": 1, "j": 2}):
        case ([first, *rest], {"k": k, **others}):
            rest.append(first)
            others["new"] = k
            return rest, others


def case_nested_captures_with_as():
    out = []
    match [1.5]:
        case [m as n]:
            out.append((m, n))
    match [7, 2]:
        case [m as n, *r]:
            out.append((m == n, r))
    match {1: "v"}:
        case {1: m as n}:
            out.append((m, n))
    match 5:
        case int(real=m as n):
            out.append((m, n))
    match [[1, 2]]:
        case [[a, b] as inner] as outer:
            out.append((a, b, inner, outer))
    return out
