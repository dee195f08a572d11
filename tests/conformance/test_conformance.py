"""pyfora conformance corpus: every case must give CPython's exact outcome.

Collected from the ``cases_*.py`` modules next to this file:

* ``test_case``              every ``case_*`` of the ordinary modules: run in
                             CPython and in pyfora, outcomes must be equal;
* ``test_documented_deviation`` the cases listed in deviations.py instead:
                             pyfora must raise the documented error;
* ``test_mutation_allowed``  ``case_*`` of cases_mutation.py (unshared in-place
                             building), same equality check;
* ``test_mutation_deviation`` ``deviation_*`` of cases_mutation.py: CPython runs
                             them fine, pyfora must raise InvalidPyforaOperation;
* ``test_refused``           ``case_*`` of cases_refused.py: pyfora must raise
                             PythonToForaConversionError whose trace names the
                             ``# REFUSED-LINE`` of the case;
* ``test_cpython_outcome_matches_case_name`` (no pyfora needed): a case raises
                             in CPython exactly when ``raises`` is in its name.

Test ids are ``<module>::<case>``; every pyfora test also carries the tier
(``interpreter`` / ``native``) of the session ``executor`` fixture, chosen with
``PYFORA_TEST_TIERS`` (see conftest.py).
"""

import os

import pytest

import runner
from deviations import DEVIATIONS


def _params(module_names, prefix="case_"):
    params = []
    for modname in module_names:
        mod = runner.import_case_module(modname)
        for name, fn, args in runner.iter_cases(mod, prefix):
            params.append(pytest.param(fn, args, id="%s::%s" % (modname, name)))
    return params


def _is_deviation(param):
    return param.values[0].__name__ in DEVIATIONS


ALL_ORDINARY = _params(runner.case_module_names())
ORDINARY = [p for p in ALL_ORDINARY if not _is_deviation(p)]
DOCUMENTED_DEVIATION = [p for p in ALL_ORDINARY if _is_deviation(p)]
MUTATION_ALLOWED = _params(["cases_mutation"], "case_")
MUTATION_DEVIATION = _params(["cases_mutation"], "deviation_")
REFUSED = _params(["cases_refused"], "case_")


def _assert_same_outcome(executor, fn, args):
    expected = runner.run_cpython(fn, args)
    actual = runner.run_pyfora(executor, fn, args)
    assert actual == expected, (
        "pyfora differs from CPython for %s\n  CPython: %r\n  pyfora:  %r"
        % (fn.__name__, expected, actual)
    )


@pytest.mark.parametrize("fn,args", ORDINARY)
def test_case(executor, fn, args):
    _assert_same_outcome(executor, fn, args)


@pytest.mark.parametrize("fn,args", MUTATION_ALLOWED)
def test_mutation_allowed(executor, fn, args):
    _assert_same_outcome(executor, fn, args)


def _raised_along_chain(executor, fn, args):
    """The exception raised anywhere along submit().result().toLocal().result(),
    unwrapped from ComputationError when it carries a remoteException; None when
    the chain completes."""
    try:
        runner.pyfora_chain(executor, fn, args)
    except Exception as exc:  # noqa: BLE001 - inspected by the caller
        return runner.unwrap_pyfora_exception(exc)
    return None


@pytest.mark.parametrize("fn,args", MUTATION_DEVIATION)
def test_mutation_deviation(executor, fn, args):
    import pyfora

    # a real deviation: CPython happily mutates the shared object
    assert runner.run_cpython(fn, args)[0] == "ok"
    raised = _raised_along_chain(executor, fn, args)
    assert isinstance(raised, pyfora.InvalidPyforaOperation), (
        "expected InvalidPyforaOperation for shared mutation in %s, got %r"
        % (fn.__name__, raised)
    )


def _same_file(a, b):
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(os.path.abspath(a)) == os.path.realpath(os.path.abspath(b))


@pytest.mark.parametrize("fn,args", REFUSED)
def test_refused(executor, fn, args):
    import pyfora

    path, line = runner.refused_line(fn)
    raised = _raised_along_chain(executor, fn, args)
    assert isinstance(raised, pyfora.PythonToForaConversionError), (
        "expected PythonToForaConversionError for %s, got %r" % (fn.__name__, raised)
    )
    trace = list(getattr(raised, "trace", None) or [])
    assert trace, "PythonToForaConversionError for %s has an empty trace" % fn.__name__
    ends = [trace[0], trace[-1]]
    assert any(
        _same_file(entry["path"], path) and entry["line"] == line for entry in ends
    ), "trace of %s should point at %s:%d, got %r" % (fn.__name__, path, line, trace)


@pytest.mark.parametrize("fn,args", DOCUMENTED_DEVIATION)
def test_documented_deviation(executor, fn, args):
    exc_name, fragment, reason = DEVIATIONS[fn.__name__]
    # still a real deviation: CPython does not raise the documented error
    assert runner.run_cpython(fn, args) != ("raise", exc_name), (
        "%s: CPython itself raises %s; remove it from deviations.py" % (fn.__name__, exc_name)
    )
    raised = _raised_along_chain(executor, fn, args)
    assert raised is not None and type(raised).__name__ == exc_name and fragment in str(raised), (
        "documented deviation %s (%s): expected %s mentioning %r, got %r"
        % (fn.__name__, reason, exc_name, fragment, raised)
    )


def test_deviations_name_real_cases():
    names = {p.values[0].__name__ for p in ALL_ORDINARY}
    stale = sorted(set(DEVIATIONS) - names)
    assert not stale, "deviations.py names unknown cases %r" % stale


@pytest.mark.parametrize("fn,args", ALL_ORDINARY + MUTATION_ALLOWED)
def test_cpython_outcome_matches_case_name(fn, args):
    outcome = runner.run_cpython(fn, args)
    assert (outcome[0] == "raise") == ("raises" in fn.__name__), (
        "%s: CPython outcome %r disagrees with the case name" % (fn.__name__, outcome)
    )
