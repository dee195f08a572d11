"""Programs pyfora refuses. Never run these in CPython (they do I/O).

Each ``case_*`` uses exactly one refused construct, on a line marked
``# REFUSED-LINE``. When the construct sits outside the case's own body (in a
module-level helper) the marker names the case: ``# REFUSED-LINE: <case>``.

pyfora must raise ``pyfora.PythonToForaConversionError`` somewhere along
``executor.submit(fn).result().toLocal().result()``, and the first or last
entry of its ``.trace`` must name this file and the marked line.
"""

COUNTER = 0


# --- print -------------------------------------------------------------------------------

def case_refused_print():
    x = 1 + 1
    print(x)  # REFUSED-LINE
    return x


def case_refused_print_in_nested_function():
    def helper(v):
        print("value", v)  # REFUSED-LINE
        return v

    return helper(3)


def case_refused_print_in_lambda():
    f = lambda v: print(v)  # REFUSED-LINE  # noqa: E731
    return f(1)


def case_refused_print_in_untaken_branch():
    x = 5
    if x < 0:
        print("negative")  # REFUSED-LINE
    return x


def _helper_that_prints(v):
    print(v)  # REFUSED-LINE: case_refused_print_in_module_level_helper
    return v


def case_refused_print_in_module_level_helper():
    return _helper_that_prints(7) + 1


def case_refused_print_in_method():
    class Noisy:
        def __init__(self, v):
            self.v = v

        def show(self):
            print(self.v)  # REFUSED-LINE
            return self.v

    return Noisy(2).show()


# --- del ----------------------------------------------------------------------------------

def case_refused_del_local_name():
    x = 1
    y = x + 1
    del x  # REFUSED-LINE
    return y


def case_refused_del_list_item():
    xs = [1, 2, 3]
    del xs[0]  # REFUSED-LINE
    return xs


def case_refused_del_dict_key():
    d = {"a": 1, "b": 2}
    del d["a"]  # REFUSED-LINE
    return d


def case_refused_del_slice():
    xs = [1, 2, 3, 4]
    del xs[1:3]  # REFUSED-LINE
    return xs


# --- global / nonlocal ----------------------------------------------------------------------

def case_refused_global_statement():
    global COUNTER  # REFUSED-LINE
    return COUNTER + 1


def case_refused_global_in_nested_function():
    def bump():
        global COUNTER  # REFUSED-LINE
        COUNTER = COUNTER + 1
        return COUNTER

    return bump()


def case_refused_nonlocal_statement():
    total = 0

    def add(v):
        nonlocal total  # REFUSED-LINE
        total = total + v
        return total

    add(1)
    return add(2)


# --- eval / exec / open / input / locals / globals ---------------------------------------------

def case_refused_eval():
    expr = "1 + 2"
    return eval(expr)  # REFUSED-LINE


def case_refused_exec():
    code = "y = 5"
    exec(code)  # REFUSED-LINE
    return 1


def case_refused_open():
    with open("/dev/null") as fh:  # REFUSED-LINE
        return fh.read()


def case_refused_open_for_writing():
    fh = open("/tmp/pyfora_refused_never_written.txt", "w")  # REFUSED-LINE
    return fh


def case_refused_input():
    answer = input("? ")  # REFUSED-LINE
    return answer


def case_refused_locals():
    a = 1
    b = 2
    return sorted(locals())  # REFUSED-LINE


def case_refused_globals():
    return "COUNTER" in globals()  # REFUSED-LINE


# --- attribute assignment outside __init__ ---------------------------------------------------------

def case_refused_attribute_assignment_in_method():
    class Counter:
        def __init__(self):
            self.count = 0

        def increment(self):
            self.count = self.count + 1  # REFUSED-LINE
            return self.count

    return Counter().increment()


def case_refused_augmented_attribute_assignment_in_method():
    class Counter:
        def __init__(self):
            self.count = 0

        def increment(self):
            self.count += 1  # REFUSED-LINE
            return self.count

    return Counter().increment()


def case_refused_attribute_assignment_from_outside():
    class Point:
        def __init__(self, x):
            self.x = x

    p = Point(1)
    p.x = 2  # REFUSED-LINE
    return p.x


def case_refused_new_attribute_from_outside():
    class Point:
        def __init__(self, x):
            self.x = x

    p = Point(1)
    p.label = "new"  # REFUSED-LINE
    return p.x


def case_refused_attribute_assignment_in_helper_method_called_from_init():
    class Lazy:
        def __init__(self, v):
            self.v = v
            self.setup()

        def setup(self):
            self.ready = True  # REFUSED-LINE

    return Lazy(1).v


def case_refused_del_attribute():
    class Point:
        def __init__(self, x):
            self.x = x

    p = Point(1)
    del p.x  # REFUSED-LINE
    return 0


def case_refused_class_keywords():
    class Base:
        pass

    class Tagged(Base, tag="t"):  # REFUSED-LINE
        pass

    return Tagged
