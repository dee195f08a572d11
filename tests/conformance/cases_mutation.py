"""The mutation contract.

``case_*``      in-place building of a list / dict / set that nothing else
                references. pyfora allows it (append / extend / item assignment
                are O(1)) and the result must equal CPython's.
``deviation_*`` documented deviations: the mutated list or dict is also
                referenced by another variable or container. CPython silently
                mutates the shared object; pyfora must raise
                ``pyfora.InvalidPyforaOperation``. (Each of these runs fine in
                CPython; test_conformance checks that too.)
"""


# --- allowed: unshared in-place building ------------------------------------------------

def case_mut_append_in_loop():
    out = []
    for i in range(1000):
        out.append(i * i)
    return (len(out), out[:5], out[-1])


def case_mut_extend_in_loop():
    out = []
    for i in range(5):
        out.extend(range(i))
    out.extend("ab")
    out.extend((9,))
    return out


def case_mut_list_item_assignment():
    xs = [0] * 6
    for i in range(6):
        xs[i] = i * i
    xs[-1] = "last"
    xs[0] = xs[1] + xs[2]
    return xs


def case_mut_dict_item_assignment():
    d = {}
    for w in "the cat the hat the end".split():
        d[w] = d.get(w, 0) + 1
    d["the"] = -d["the"]
    return d


def case_mut_dict_item_assignment_overwrite_keeps_order():
    d = {"a": 1, "b": 2}
    d["c"] = 3
    d["a"] = 100
    return list(d.items())


def case_mut_fresh_inner_list_per_iteration():
    rows = []
    for i in range(4):
        row = []
        for j in range(i + 1):
            row.append(j)
        rows.append(row)
    return rows


def case_mut_dict_of_fresh_lists():
    d = {}
    for k in range(3):
        d[k] = [k] * k
    return d


def case_mut_list_from_helper_then_appended():
    def make(n):
        return [n] * n

    xs = make(3)
    xs.append("tail")
    return xs


def case_mut_copy_by_slice_then_mutate_copy():
    a = [1, 2, 3]
    b = a[:]
    b.append(4)
    b[0] = 0
    return b


def case_mut_copy_by_constructor_then_mutate_copy():
    a = [1, 2]
    b = list(a)
    b.extend([3])
    d = {"k": 1}
    e = dict(d)
    e["j"] = 2
    return (b, e)


def case_mut_rebound_concatenation_then_append():
    xs = [1, 2]
    xs = xs + [3]
    xs.append(4)
    return xs


def case_mut_accumulate_then_return_only_reference():
    result = []
    for word in ["alpha", "beta", "gamma"]:
        result.append(word.upper())
    return tuple(result)


def case_mut_sieve_large():
    n = 10000
    flags = [True] * (n + 1)
    flags[0] = False
    flags[1] = False
    for i in range(2, 101):
        if flags[i]:
            for j in range(i * i, n + 1, i):
                flags[j] = False
    return sum(1 for f in flags if f)


def case_mut_append_bigint_and_floats():
    out = []
    x = 1
    for _ in range(5):
        x = x * 2**40
        out.append(x)
        out.append(x / 3)
    return out


# --- allowed (beyond append/extend/item assignment): other in-place methods on
# --- unshared locals -------------------------------------------------------------------

def case_mut_local_sort_inplace():
    xs = [5, 2, 8, 1, 9, 2]
    xs.sort()
    ys = ["bb", "a", "ccc"]
    ys.sort(key=len, reverse=True)
    return (xs, ys)


def case_mut_local_pop_insert_remove_reverse():
    xs = [1, 2, 3, 4, 5]
    last = xs.pop()
    first = xs.pop(0)
    xs.insert(1, "ins")
    xs.remove(3)
    xs.reverse()
    return (last, first, xs)


def case_mut_local_pop_empty_raises():
    xs = []
    return xs.pop()


def case_mut_local_iadd_list():
    xs = [1]
    xs += [2, 3]
    xs += "ab"
    return xs


def case_mut_set_add_and_discard_local():
    s = set()
    for x in [3, 1, 3, 2]:
        s.add(x)
    s.discard(2)
    s.discard(99)
    return s


def case_mut_set_remove_missing_raises():
    s = {1, 2}
    s.remove(3)
    return s


def case_mut_dedupe_preserve_order_with_set():
    seen = set()
    out = []
    for x in [3, 1, 3, 2, 1, 4]:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


def case_mut_dict_pop_on_copy():
    d = {"a": 1, "b": 2}
    e = dict(d)
    v = e.pop("a")
    w = e.pop("zz", "none")
    return (v, w, e, d)


def case_mut_dict_update_and_setdefault_local():
    d = {"a": 1}
    d.update({"b": 2}, c=3)
    got = d.setdefault("a", 99)
    new = d.setdefault("z", 0)
    return (d, got, new)


# --- documented deviations: shared mutation must raise InvalidPyforaOperation ---------------

def deviation_append_through_alias():
    a = []
    b = a
    b.append(1)
    return (a, b)


def deviation_append_via_original_name_after_alias():
    a = [1]
    b = a
    a.append(2)
    return b


def deviation_extend_through_alias():
    a = [1]
    b = a
    b.extend([2, 3])
    return a


def deviation_list_item_assignment_through_alias():
    a = [1, 2, 3]
    b = a
    b[0] = 99
    return a


def deviation_dict_item_assignment_through_alias():
    d = {}
    e = d
    e["k"] = 1
    return d


def deviation_dict_item_assignment_via_original_name():
    d = {"x": 1}
    e = d
    d["y"] = 2
    return e


def deviation_append_to_list_held_by_outer_list():
    inner = []
    outer = [inner]
    inner.append(1)
    return outer


def deviation_append_to_list_held_by_dict():
    v = [1]
    d = {"k": v}
    v.append(2)
    return d


def deviation_append_to_list_held_by_tuple():
    a = [1]
    t = (a, "other")
    a.append(3)
    return t


def deviation_mutate_element_fetched_from_container():
    outer = [[1], [2]]
    first = outer[0]
    first.append(10)
    return outer


def deviation_item_assign_element_fetched_from_dict():
    d = {"row": [0, 0]}
    row = d["row"]
    row[1] = 5
    return d


def deviation_callee_mutates_argument_caller_still_holds():
    def add_one(xs):
        xs.append(1)
        return len(xs)

    a = []
    n = add_one(a)
    return (n, a)


def deviation_callee_item_assigns_dict_argument():
    def setk(d):
        d["k"] = "v"
        return d

    mine = {}
    setk(mine)
    return mine


def deviation_mutable_default_argument_accumulates():
    def collect(x, acc=[]):  # noqa: B006
        acc.append(x)
        return list(acc)

    collect(1)
    return collect(2)


def deviation_instance_attribute_list_mutated_through_alias():
    class Box:
        def __init__(self, items):
            self.items = items

    box = Box([1, 2])
    items = box.items
    items.append(3)
    return box.items


def deviation_same_list_twice_in_list():
    a = [0]
    pair = [a, a]
    a[0] = 1
    return pair


class _Point:
    def __init__(self, x):
        self.x = x


def deviation_reinitialising_a_finished_instance():
    p = _Point(1)
    p.__init__(2)
    return p.x


def _appends_through_alias(n):
    a = []
    b = a
    for i in range(n):
        b.append(i)
    return a


def deviation_append_through_alias_in_a_numeric_loop():
    # Native code compiles list appends, but not to a list with two names.
    return _appends_through_alias(5)


def deviation_list_augmented_add_through_alias():
    a = [1, 2]
    b = a
    a += [3]
    return (a, b)


def deviation_list_augmented_mul_of_an_item_of_a_tuple():
    a = [1]
    t = (a, 2)
    a *= 3
    return (a, t)


def deviation_set_augmented_union_through_alias():
    s = {1}
    u = s
    s |= {2}
    return (sorted(s), sorted(u))


def deviation_dict_augmented_merge_through_alias():
    d = {"a": 1}
    e = d
    d |= {"b": 2}
    return (d, e)


def case_augmented_operators_on_unshared_containers():
    a = [1, 2]
    a += [3]
    a += (4, 5)
    a *= 2
    s = {1, 2, 3}
    s |= {9}
    s -= {1}
    s &= {2, 3, 9}
    s ^= {3, 7}
    d = {"a": 1}
    d |= {"b": 2}
    f = frozenset({1})
    g = f
    f |= {2}
    return (a, sorted(s), d, sorted(f), sorted(g))


# --- arguments handed down a recursion (a frame may borrow its caller's reference) -------

def _depth_sum(xs, f, n):
    if n == 0:
        return f(len(xs)) + sum(xs)
    return _depth_sum(xs, f, n - 1) + _depth_sum(xs, f, n - 2 if n > 1 else 0)


def case_lent_list_and_function_down_a_recursion():
    xs = [1, 2, 3]
    total = _depth_sum(xs, lambda k: k * 10, 12)
    return (total, xs, _depth_sum(xs, abs, 3))


def _append_at_bottom(xs, n):
    if n == 0:
        return _append_one(xs)
    return _append_at_bottom(xs, n - 1)


def _append_one(ys):
    ys.append(1)
    return len(ys)


def case_unshared_list_moved_down_a_recursion_is_built_in_place():
    return _append_at_bottom([5, 6], 4)


def deviation_list_still_referenced_by_the_caller_mutated_at_the_bottom():
    xs = [5, 6]
    n = _append_at_bottom(xs, 4)
    return (n, xs)


def _raise_at_bottom(xs, f, n):
    if n == 0:
        raise ValueError(f(xs))
    return _raise_at_bottom(xs, f, n - 1)


def case_exception_through_frames_with_lent_arguments():
    xs = ["a", "b"]
    caught = []
    for depth in range(4):
        try:
            _raise_at_bottom(xs, len, depth)
        except ValueError as e:
            caught.append(e.args[0] + depth)
    return (caught, xs)


def _pick(items, i):
    if i <= 0:
        return items
    return _pick(items, i - 1)


def case_argument_returned_from_the_bottom_of_a_recursion():
    xs = [1, [2, 3]]
    got = _pick(xs, 5)
    return (got is xs, got, xs)


# --- numpy arrays follow the same contract ---------------------------------------------

def case_mut_numpy_items_of_a_fresh_array():
    import numpy as np
    a = np.zeros(4)
    for i in range(4):
        a[i] = i + 0.5
    a += 1
    return a.tolist()


def deviation_numpy_item_assignment_through_alias():
    import numpy as np
    a = np.zeros(3)
    b = a
    b[0] = 1.0
    return a.tolist()


def deviation_numpy_augmented_assignment_through_alias():
    import numpy as np
    a = np.arange(3)
    b = a
    b += 1
    return a.tolist()


def deviation_numpy_write_through_a_row_view():
    import numpy as np
    m = np.zeros((2, 2))
    m[1][0] = 4.0
    return m.tolist()


def deviation_numpy_write_into_a_base_while_its_view_lives():
    import numpy as np
    m = np.zeros((2, 2))
    row = m[0]
    m[0, 0] = 4.0
    return row.tolist()


def deviation_numpy_augmented_assignment_on_a_transpose():
    import numpy as np
    m = np.zeros((2, 2))
    t = m.T
    t += 1
    return m.tolist()


def _total(xs):
    return sum(xs)


def case_append_after_passing_the_list_to_a_helper():
    def local_total(l):
        return sum(l)

    xs = [1, 2]
    t = local_total(xs)
    xs.append(t)
    xs.append(_total(xs))
    xs[0] = _total(xs)
    ys = [1.5, 2.5]
    for _ in range(3):
        ys.append(_total(ys))
    return xs, ys


def case_stack_test_then_mutate_the_same_list():
    stack = []
    for c in "(()[]{)(":
        if stack and (stack[-1] + c) in ("()", "[]", "{}"):
            stack.pop()
        elif not stack or c in "([{":
            stack.append(c)
    merged = []
    for lo, hi in [(1, 3), (2, 6), (8, 10), (9, 12), (15, 18)]:
        if merged and merged[-1][1] >= lo:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return stack, merged


def case_counting_into_a_dict_a_lambda_reads_later():
    counts = {}
    for w in "the cat and the hat and the bat".split():
        counts[w] = counts.get(w, 0) + 1
    seen = []
    for w in counts:
        if counts[w] > 1:
            seen.append(w)
    return max(counts, key=lambda k: counts[k]), sorted(counts.items()), seen


def case_swapping_items_of_a_list_a_finished_lambda_read():
    m = [3, 1, 2, 7]
    piv = max(range(4), key=lambda r: m[r])
    m[0], m[piv] = m[piv], m[0]
    m[1], m[2] = m[2], m[1]
    m[3] += m[0]
    grid = [[1, 2], [3, 4]]
    best = min(range(2), key=lambda r: grid[r][0])
    grid[0], grid[1] = grid[1], grid[best]
    return m, grid


def case_mutate_a_captured_list_before_the_closure_exists():
    xs = []
    xs.append(1)
    xs += [2]
    xs[0] = 5
    total = lambda: sum(xs)
    return xs, total()


def case_rebuilding_a_variable_from_its_own_items():
    d = {"a": 1, "b": 2}
    d = {**d, "c": 3}
    defaults = {"x": 1, "y": 2}
    opts = {"y": 5}
    opts = {**defaults, **opts}
    xs = [1, 2]
    xs = [*xs, 3]
    xs = [0, *xs]
    c = {"a": 1}
    c = {**c, "a": c["a"] + 1}
    h = [1]
    for _ in range(4):
        h = [*h, h[-1] * 2]
    t = (1,)
    t = (*t, 2)
    s = {1}
    s = {*s, 2}
    return d, opts, xs, c, h, t, s


def case_mutating_a_variable_a_finished_generator_read():
    n = 6
    done = set()
    order = []
    for _ in range(n):
        u = min(k for k in range(n) if k not in done)
        done.add(u)
        order.append(u)
    best = [1] * n
    for i in range(1, n):
        best[i] = max(best[j] + 1 for j in range(i))
    return order, best


class _Options:
    def __init__(self, **options):
        for name, value in sorted(options.items()):
            setattr(self, name, value)


def deviation_setattr_on_a_finished_instance():
    s = _Options(alpha=1)
    setattr(s, "alpha", 2)
    return s.alpha


def _append_to(items, x):
    # A method call on a parameter the callee only reads otherwise.
    items.append(x)
    return items


def deviation_append_to_a_parameter_in_a_helper():
    mine = [1, 2]
    _append_to(mine, 3)
    return mine


def case_mut_helper_appends_to_a_list_it_built():
    return _append_to([1, 2], 3), _append_to(list(range(3)), 9)
