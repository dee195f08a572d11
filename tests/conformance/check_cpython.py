"""Sanity check of the corpus under plain CPython (no pyfora needed).

    python3 tests/conformance/check_cpython.py

* imports every ``cases_*.py`` module;
* runs every ``case_*`` (and the ``deviation_*`` cases of cases_mutation) in
  CPython and checks that its result can be canonicalized;
* enforces the naming convention: a case whose CPython outcome is an exception
  has ``raises`` in its name, and no other case does;
* checks every refused case has exactly one ``# REFUSED-LINE`` marker (refused
  cases are never executed here);
* checks every result is made only of values the engine can send back (None,
  bool, int, float, str, tuple, list, dict, set, frozenset, user instances);
* reruns the whole corpus in two fresh interpreters with different
  ``PYTHONHASHSEED`` values and checks every outcome is identical (catches
  results that depend on str hashing / set order).

Exit status 0 when everything is fine; prints the number of cases per file.
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import runner  # noqa: E402


RETURNABLE = {"NoneType", "bool", "int", "float", "str", "tuple", "list", "dict",
              "set", "frozenset", "instance", "ndarray", "range", "slice", "ellipsis"}


def _not_returnable(canon, found):
    kind = canon[0]
    if kind not in RETURNABLE:
        found.add(kind)
    elif kind in ("tuple", "list", "set", "frozenset"):
        for item in canon[1]:
            _not_returnable(item, found)
    elif kind == "dict":
        for k, v in canon[1]:
            _not_returnable(k, found)
            _not_returnable(v, found)
    elif kind == "instance":
        _not_returnable(canon[2], found)
    elif kind == "slice":
        for item in canon[1]:
            _not_returnable(item, found)
    elif kind == "ndarray":
        for item in canon[3]:
            _not_returnable(item, found)
    return found


def outcomes():
    """{module::case: repr(outcome)} plus a list of problems and per-file counts."""
    results = {}
    problems = []
    counts = {}
    for modname in runner.case_module_names(include_special=True):
        try:
            mod = runner.import_case_module(modname)
        except Exception as exc:  # noqa: BLE001
            problems.append("%s: import failed: %r" % (modname, exc))
            continue
        n = 0
        if modname == "cases_refused":
            for name, fn, _args in runner.iter_cases(mod):
                n += 1
                try:
                    runner.refused_line(fn)
                except Exception as exc:  # noqa: BLE001
                    problems.append("%s::%s: %s" % (modname, name, exc))
            counts[modname] = n
            continue
        prefixes = ["case_"] + (["deviation_"] if modname == "cases_mutation" else [])
        for prefix in prefixes:
            for name, fn, args in runner.iter_cases(mod, prefix):
                n += 1
                key = "%s::%s" % (modname, name)
                try:
                    out = runner.run_cpython(fn, args)
                except Exception as exc:  # noqa: BLE001 - canonical() failed
                    problems.append("%s: result not canonicalizable: %r" % (key, exc))
                    continue
                results[key] = repr(out)
                if out[0] == "ok":
                    bad = _not_returnable(out[1], set())
                    if bad:
                        problems.append("%s: result holds non-returnable %s" % (key, sorted(bad)))
                if prefix == "deviation_":
                    continue
                raises = out[0] == "raise"
                if raises != ("raises" in name):
                    problems.append(
                        "%s: naming convention violated, CPython outcome %r" % (key, out)
                    )
        counts[modname] = n
    return results, problems, counts


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--dump":
        results, problems, _ = outcomes()
        json.dump({"results": results, "problems": problems}, sys.stdout)
        return 0

    results, problems, counts = outcomes()
    for modname, n in counts.items():
        print("%-22s %4d" % (modname + ".py", n))
    print("%-22s %4d" % ("total", sum(counts.values())))

    dumps = []
    for seed in ("0", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--dump"],
            env=env, capture_output=True, text=True,
        )
        if proc.returncode != 0:
            problems.append("dump with PYTHONHASHSEED=%s failed:\n%s" % (seed, proc.stderr))
            continue
        dumps.append(json.loads(proc.stdout)["results"])
    for d in dumps:
        for key, val in results.items():
            if d.get(key) != val:
                problems.append("%s: outcome depends on hash seed / run: %s vs %s"
                                % (key, val, d.get(key)))

    if problems:
        print("\n%d problem(s):" % len(problems))
        for p in problems:
            print("  " + p)
        return 1
    print("\nall cases behave as their names say; outcomes are hash-seed independent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
