"""Conformance cases: exceptions. Order of execution is observed by building a
local result list that the case returns."""


class AppError(Exception):
    pass


class NotFound(AppError):
    def __init__(self, key, hint="none"):
        super().__init__(key, hint)
        self.key = key
        self.hint = hint


class ValidationError(ValueError):
    pass


def case_exc_try_except_else_finally_no_error():
    log = []
    try:
        log.append("try")
    except ValueError:
        log.append("except")
    else:
        log.append("else")
    finally:
        log.append("finally")
    log.append("after")
    return log


def case_exc_try_except_else_finally_with_error():
    log = []
    try:
        log.append("try")
        int("x")
        log.append("unreached")
    except ValueError:
        log.append("except")
    else:
        log.append("else")
    finally:
        log.append("finally")
    log.append("after")
    return log


def case_exc_finally_runs_on_return():
    def value_then_finally():
        out = "try"
        try:
            return out
        finally:
            out = out + "+finally"

    def finally_raises_after_return():
        try:
            return "try"
        finally:
            raise ValueError("finally ran")

    try:
        second = finally_raises_after_return()
    except ValueError as e:
        second = ("caught", e.args)
    return (value_then_finally(), second)


def case_exc_finally_return_overrides():
    def f():
        try:
            return "try"
        finally:
            return "finally"  # noqa: B012

    return f()


def case_exc_finally_return_swallows_exception():
    def f():
        try:
            raise ValueError("lost")
        finally:
            return "swallowed"  # noqa: B012

    return f()


def case_exc_finally_runs_when_exception_propagates():
    log = []
    try:
        try:
            log.append("try")
            raise KeyError("k")
        finally:
            log.append("finally")
        log.append("unreached")
    except KeyError:
        log.append("outer-except")
    return log


def case_exc_uncaught_propagates_through_finally_raises():
    def f():
        try:
            return 1 // 0
        finally:
            pass

    return f()


def case_exc_nested_try_order():
    log = []
    try:
        try:
            log.append("inner-try")
            raise TypeError("t")
        except ValueError:
            log.append("inner-except-value")
        finally:
            log.append("inner-finally")
    except TypeError:
        log.append("outer-except-type")
    finally:
        log.append("outer-finally")
    return log


def case_exc_except_clause_order_first_match_wins():
    def classify(exc):
        try:
            raise exc
        except ZeroDivisionError:
            return "zero"
        except ArithmeticError:
            return "arith"
        except LookupError:
            return "lookup"
        except Exception:
            return "other"

    return [classify(e) for e in (ZeroDivisionError(), OverflowError(), KeyError(), IndexError(), ValueError())]


def case_exc_hierarchy_arithmetic_catches_zero_division():
    try:
        return 1 // 0
    except ArithmeticError as e:
        return ("caught", type(e).__name__)


def case_exc_hierarchy_lookup_catches_key_and_index():
    out = []
    try:
        {}["missing"]
    except LookupError as e:
        out.append(type(e).__name__)
    try:
        [][0]
    except LookupError as e:
        out.append(type(e).__name__)
    return out


def case_exc_hierarchy_isinstance_checks():
    return (issubclass(ZeroDivisionError, ArithmeticError), issubclass(KeyError, LookupError), issubclass(IndexError, LookupError),
            issubclass(ValueError, Exception), issubclass(UnicodeEncodeError, ValueError), issubclass(RecursionError, RuntimeError),
            issubclass(NotImplementedError, RuntimeError), issubclass(KeyError, IndexError), issubclass(Exception, BaseException),
            issubclass(StopIteration, Exception), issubclass(AssertionError, Exception), issubclass(UnboundLocalError, NameError))


def case_exc_except_tuple():
    out = []
    for bad in ("x", None, [1]):
        try:
            if bad is None:
                raise TypeError("none")
            if isinstance(bad, list):
                raise IndexError("list")
            int(bad)
        except (ValueError, TypeError) as e:
            out.append(type(e).__name__)
        except IndexError:
            out.append("index")
    return out


def case_exc_builtin_args():
    out = []
    try:
        raise ValueError("bad", 42)
    except ValueError as e:
        out.append(e.args)
    try:
        raise KeyError("k")
    except KeyError as e:
        out.append(e.args)
    try:
        raise RuntimeError
    except RuntimeError as e:
        out.append(e.args)
    return out


def case_exc_str_of_exceptions():
    return (str(ValueError("msg")), str(ValueError("a", 1)), str(ValueError()), str(KeyError("k")), repr(ValueError("m")),
            repr(KeyError("k")), str(AppError("x")), repr(AppError(1, 2)))


def case_exc_messages_division():
    out = []
    for a, b in ((1, 0), (1.0, 0.0)):
        try:
            a / b
        except ZeroDivisionError as e:
            out.append(str(e))
        try:
            a // b
        except ZeroDivisionError as e:
            out.append(str(e))
        try:
            a % b
        except ZeroDivisionError as e:
            out.append(str(e))
    return out


def case_exc_messages_lookup():
    out = []
    try:
        [1][5]
    except IndexError as e:
        out.append(str(e))
    try:
        (1,)[5]
    except IndexError as e:
        out.append(str(e))
    try:
        {"a": 1}["b"]
    except KeyError as e:
        out.append(str(e))
    try:
        "abc"[9]
    except IndexError as e:
        out.append(str(e))
    return out


def case_exc_messages_conversion():
    out = []
    try:
        int("abc")
    except ValueError as e:
        out.append(str(e))
    try:
        float("x1")
    except ValueError as e:
        out.append(str(e))
    try:
        "a" + 1
    except TypeError as e:
        out.append(str(e))
    return out


def case_exc_user_exception_with_args():
    try:
        raise NotFound("user:7", hint="check id")
    except AppError as e:
        return (type(e).__name__, e.args, e.key, e.hint, str(e), isinstance(e, Exception))


def case_exc_user_exception_uncaught_raises():
    raise NotFound("thing")


def case_exc_user_subclass_of_builtin_caught_by_builtin():
    try:
        raise ValidationError("bad input")
    except ValueError as e:
        return (type(e).__name__, e.args, isinstance(e, ValidationError))


def case_exc_user_subclass_of_builtin_uncaught_raises():
    raise ValidationError("x")


def case_exc_reraise_bare():
    log = []
    try:
        try:
            raise ValueError("orig")
        except ValueError:
            log.append("handled-once")
            raise
    except ValueError as e:
        log.append(("outer", e.args))
    return log


def case_exc_reraise_bare_uncaught_raises():
    try:
        raise IndexError("i")
    except IndexError:
        raise


def case_exc_raise_different_in_handler():
    try:
        try:
            raise KeyError("k")
        except KeyError:
            raise ValueError("converted")
    except ValueError as e:
        return (e.args, type(e.__context__).__name__, e.__cause__ is None, e.__suppress_context__)


def case_exc_raise_from():
    try:
        try:
            1 // 0
        except ZeroDivisionError as z:
            raise AppError("wrapped") from z
    except AppError as e:
        return (e.args, type(e.__cause__).__name__, e.__suppress_context__)


def case_exc_raise_from_none():
    try:
        try:
            {}["x"]
        except KeyError:
            raise ValueError("clean") from None
    except ValueError as e:
        return (e.__cause__ is None, e.__suppress_context__, type(e.__context__).__name__)


def case_exc_raise_from_uncaught_raises():
    try:
        [][1]
    except IndexError as e:
        raise RuntimeError("bad") from e


def case_exc_raise_class_instead_of_instance():
    try:
        raise KeyError
    except KeyError as e:
        return (type(e).__name__, e.args)


def case_exc_raise_non_exception_raises():
    raise 5


def case_exc_assert_passes():
    x = 5
    assert x == 5
    assert x > 0, "positive"
    return "ok"


def case_exc_assert_fails_raises():
    x = 5
    assert x < 0
    return x


def case_exc_assert_message_args():
    try:
        assert 1 > 2, ("custom", 7)
    except AssertionError as e:
        return e.args
    return None


def case_exc_variable_unbound_after_except_raises():
    try:
        raise ValueError("v")
    except ValueError as e:
        pass
    return e  # noqa: F821


def case_exc_exception_object_survives_via_other_name():
    saved = None
    try:
        raise ValueError("kept")
    except ValueError as e:
        saved = e.args
    return saved


def case_exc_in_loop_with_continue_and_break():
    out = []
    for x in ["1", "a", "3", "stop", "5"]:
        try:
            if x == "stop":
                break
            out.append(int(x))
        except ValueError:
            out.append("bad")
            continue
        finally:
            out.append("f")
    return out


def case_exc_error_in_except_handler_propagates_raises():
    try:
        raise ValueError("first")
    except ValueError:
        return {}["second"]


def case_exc_error_in_finally_replaces_raises():
    try:
        raise ValueError("first")
    finally:
        [][0]


def case_exc_return_in_loop_finally_order():
    def f():
        log = ()
        for i in range(3):
            try:
                if i == 1:
                    return (i, log)
                log = log + (("body", i),)
            finally:
                log = log + (("finally", i),)
        return (-1, log)

    return f()


def case_exc_catch_exception_base_catches_all_common():
    def run(f):
        try:
            f()
            return "none"
        except Exception as e:
            return type(e).__name__

    return [run(f) for f in (lambda: 1 / 0, lambda: [][1], lambda: {}[1], lambda: int("z"), lambda: None + 1,
                             lambda: undefined_name, lambda: (1).nope, lambda: None)]  # noqa: F821


def case_exc_name_error_raises():
    return undefined_variable_xyz  # noqa: F821


def case_exc_attribute_error_on_none_raises():
    x = None
    return x.upper()


def case_exc_type_error_none_arithmetic_raises():
    x = None
    return x + 1


def case_exc_recursion_error_caught():
    def forever(n):
        return forever(n + 1)

    try:
        forever(0)
    except RecursionError:
        return "recursion"
    return "no"


def case_exc_exception_instances_comparison():
    a = ValueError("x")
    return (a == a, ValueError("x") == ValueError("x"), isinstance(a, ValueError), type(a).__name__)


def case_exc_exception_args_tuple_of_user_class():
    class E(Exception):
        def __init__(self, a, b):
            super().__init__(a)
            self.b = b

    try:
        raise E(1, 2)
    except E as e:
        return (e.args, e.b, str(e))


def case_exc_nested_functions_unwind():
    def a():
        try:
            b()
        except LookupError as e:
            raise LookupError(e.args + ("a",))

    def b():
        try:
            c()
        finally:
            pass

    def c():
        raise LookupError("c")

    try:
        a()
    except LookupError as e:
        return ("caught", type(e).__name__, e.args)
    return None


def case_exc_else_not_run_when_try_returns():
    def f():
        log = ()
        try:
            log += ("try",)
            return "r"
        except Exception:
            log += ("except",)
        else:
            log += ("else",)
        finally:
            log += ("finally",)
            return log  # noqa: B012

    return f()


def case_exception_class_defined_in_the_function_raises():
    class LocalError(ValueError):
        pass

    raise LocalError("local")


def case_exception_class_defined_in_the_function_with_attributes_raises():
    class CodedError(Exception):
        def __init__(self, code):
            super().__init__("code %d" % code)
            self.code = code

    raise CodedError(7)


def case_exception_class_defined_in_the_function_caught_by_base():
    class LocalError(KeyError):
        pass

    try:
        raise LocalError("k")
    except LookupError as e:
        return (type(e).__name__, isinstance(e, KeyError), e.args)


class _CodedByBaseInit(Exception):
    def __init__(self, code, message):
        Exception.__init__(self, code, message)
        self.code = code


class _PlainInitCallsObject:
    def __init__(self):
        object.__init__(self)
        self.v = 1


def case_exception_init_called_through_the_builtin_class():
    try:
        raise _CodedByBaseInit(3, "x")
    except _CodedByBaseInit as e:
        return (e.args, e.code, str(e))


def case_object_init_called_explicitly():
    p = _PlainInitCallsObject()
    return (p.v, hasattr(p, "__init__"), hasattr(ValueError("x"), "__init__"))


def case_exception_init_through_the_builtin_class_raises():
    raise _CodedByBaseInit(4, "y")


def case_os_import_and_warning_exception_families():
    out = []
    for E in (OSError, FileNotFoundError, PermissionError, TimeoutError, ConnectionResetError, ImportError,
              ModuleNotFoundError, EOFError, Warning, UserWarning, DeprecationWarning, SyntaxError, IndentationError):
        try:
            raise E("x")
        except OSError as e:
            out.append(("os", type(e).__name__, str(e)))
        except ImportError as e:
            out.append(("import", type(e).__name__))
        except Warning as e:
            out.append(("warning", type(e).__name__))
        except Exception as e:
            out.append(("other", type(e).__name__))
    return out


def case_matrix_multiplication_of_numbers_is_a_type_error():
    out = []
    for a, b in ((3, 4), (2.0, 3.0), (True, 2)):
        try:
            out.append(a @ b)
        except TypeError as e:
            out.append(str(e))
    return out


# --- __context__ from differential testing -----------------------------------


def _ctx(e):
    c = e.__context__
    return None if c is None else (type(c).__name__, c.args)


def case_exc_context_of_builtin_error_in_handler():
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            [][1]
    except IndexError as e:
        return _ctx(e)


def _raises_key():
    raise KeyError("k")


def case_exc_context_of_error_from_a_call_in_handler():
    try:
        try:
            int("x")
        except ValueError:
            _raises_key()
    except KeyError as e:
        return (_ctx(e), _ctx(e.__context__) if e.__context__ is not None else "no context")


def case_exc_context_when_finally_raising_during_propagation():
    try:
        try:
            raise KeyError(1)
        finally:
            raise ValueError(2)
    except ValueError as e:
        return _ctx(e)


def _return_from_except_then_finally_raises():
    try:
        raise KeyError(1)
    except KeyError:
        return "ret"
    finally:
        raise ValueError(2)


def case_exc_no_context_when_finally_raising_after_return_from_except():
    try:
        _return_from_except_then_finally_raises()
    except ValueError as e:
        return _ctx(e)


def case_exc_context_nested_handlers_chain():
    try:
        try:
            try:
                raise KeyError(1)
            except KeyError:
                {}["missing"]
        except KeyError:
            "a" + 1
    except TypeError as e:
        return (_ctx(e), _ctx(e.__context__))


def _gen_stop():
    yield 1
    raise StopIteration("inner")


def case_exc_generator_stopiteration_becomes_chained_runtime_error():
    try:
        list(_gen_stop())
    except RuntimeError as e:
        return (type(e.__cause__).__name__, e.__cause__.args, e.__suppress_context__, _ctx(e))


def case_exc_handled_exception_not_context_after_the_clause():
    try:
        raise KeyError(1)
    except KeyError:
        pass
    try:
        [][0]
    except IndexError as e:
        return _ctx(e)


class _Counting:
    def __getitem__(self, i):
        return i * i


class _KeyErrorAt2:
    def __getitem__(self, i):
        if i >= 2:
            raise KeyError(i)
        return i


class _Seq3:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i + 10


def case_exc_getitem_iteration_is_lazy():
    it = iter(_Counting())
    firsts = [next(it), next(it), next(it)]
    found = 49 in _Counting()
    pairs = list(zip(_Counting(), "abc"))
    total = 0
    for x in _Counting():
        if x > 50:
            break
        total += x
    return (firsts, found, pairs, total, list(_Seq3()), next(iter(_KeyErrorAt2())))


def case_exc_getitem_iteration_other_error_propagates_raises():
    return list(_KeyErrorAt2())


def _stop_at_2(x):
    if x == 2:
        raise StopIteration
    return x * 10


def case_exc_map_function_raising_stopiteration_ends_the_map():
    return list(map(_stop_at_2, range(5)))


def case_except_tuple_naming_a_non_class_raises():
    try:
        raise ValueError("v")
    except (ValueError, 5):
        return "caught"


def case_except_naming_a_class_that_is_not_an_exception_raises():
    try:
        raise ValueError("v")
    except int:
        return "caught"


def case_except_tuples_of_exception_classes():
    caught = []
    for exc in (KeyError("k"), IndexError(1), ZeroDivisionError()):
        try:
            raise exc
        except (ArithmeticError, LookupError) as e:
            caught.append(type(e).__name__)
    return caught


def case_exception_add_note_collects_notes():
    # `add_note` exists from Python 3.11.
    try:
        try:
            raise ValueError("bad row")
        except ValueError as e:
            e.add_note("while parsing row 3")
            e.add_note("in file data.csv")
            raise
    except ValueError as e:
        return e.__notes__, str(e)
    except AttributeError as e:
        return "AttributeError"


def case_exception_io_error_and_environment_error_are_os_error():
    try:
        raise OSError("disk")
    except IOError as e:
        caught = type(e).__name__, str(e)
    return caught, IOError is OSError, EnvironmentError is OSError, issubclass(FileNotFoundError, IOError)


def case_bare_raise_after_a_nested_handler_raises_key_error():
    try:
        raise KeyError("k")
    except KeyError:
        try:
            1 // 0
        except ZeroDivisionError:
            pass
        raise


def case_context_after_a_nested_handler_is_the_outer_exception():
    out = []
    for named in (False, True):
        try:
            try:
                raise KeyError("k")
            except KeyError as outer:
                try:
                    [][1]
                except IndexError:
                    pass
                if named:
                    raise ValueError(str(outer))
                raise ValueError("v")
        except ValueError as e:
            out.append((type(e.__context__).__name__, e.args))
    try:
        try:
            raise KeyError("k")
        finally:
            try:
                1 // 0
            except ZeroDivisionError:
                pass
            raise ValueError("from finally")
    except ValueError as e:
        out.append(type(e.__context__).__name__)
    return out


def _count_down(n):
    if n == 0:
        return 0
    return 1 + _count_down(n - 1)


def _halve_down(x, n):
    if n == 0:
        return x
    return 0.5 * _halve_down(x + 1.0, n - 1)


def case_exc_deep_numeric_recursion_is_a_recursion_error():
    # Native code bails out past the interpreter's depth limit rather than
    # running off the stack; both tiers raise RecursionError.
    out = []
    for f in (lambda: _count_down(10**6), lambda: _halve_down(0.0, 10**8), lambda: _count_down(500)):
        try:
            out.append(f())
        except RecursionError:
            out.append("recursion")
    return out
