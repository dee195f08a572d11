#!/usr/bin/env python3
"""pyfora's interpreter alone (``PYFORA_JIT=0``, 1 thread) against CPython on
the programs of ``bench/programs.py``, runs interleaved so that both see the
same machine state; the minimum of the repetitions for each (this is for
comparing the two on a noisy machine; ``bench/run.py`` gives the full table).

    python3 bench/interpreter.py [--reps 11] [--only dc_sum,sum_sin]
"""
import argparse
import os
import sys
import time

os.environ["PYFORA_JIT"] = "0"
os.environ["PYFORA_THREADS"] = "1"
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import programs  # noqa: E402
import pyfora  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=11)
    parser.add_argument("--only", default=",".join(programs.PROGRAMS))
    args = parser.parse_args()
    executor = pyfora.connect()
    print("%-15s %10s %14s %8s" % ("program", "CPython s", "interpreter s", "ratio"))
    for name in args.only.split(","):
        fn, n, _ = programs.PROGRAMS[name]
        cpython, engine = [], []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            expected = fn(n)
            cpython.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            got = executor.submit(fn, n).result().toLocal().result()
            engine.append(time.perf_counter() - t0)
            assert repr(got) == repr(expected), (name, got, expected)
        c, e = min(cpython), min(engine)
        print("%-15s %10.4f %14.4f %8.2f" % (name, c, e, c / e), flush=True)
    executor.close()


if __name__ == "__main__":
    main()
