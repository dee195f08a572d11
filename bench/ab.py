#!/usr/bin/env python3
"""Two builds of pyfora side by side on programs of ``bench/programs.py``:
each round runs the base build, then the new one, each in a fresh process,
so that both see the same machine state (on a noisy machine, compare
changes this way rather than across separate runs). Interpreter alone
unless ``--native``; one thread.

    python3 bench/ab.py --base /path/to/old/site --new /path/to/new/site \\
        [--only dc_sum,sum_sin] [--rounds 5] [--reps 3] [--native]

``--base``/``--new`` are directories holding a ``pyfora`` package (an
unpacked wheel, or a site-packages). Prints the best time of each and the
ratio new/base (below 1: the new build is faster).
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

CHILD = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
import programs, pyfora
fn, n, _ = programs.PROGRAMS[sys.argv[2]]
executor = pyfora.connect()
best = float("inf")
for _ in range(int(sys.argv[3])):
    t0 = time.perf_counter()
    executor.submit(fn, n).result().toLocal().result()
    best = min(best, time.perf_counter() - t0)
executor.close()
print(best)
"""


def best_time(site, program, reps, native):
    env = dict(os.environ, PYTHONPATH=site, PYFORA_THREADS="1", PYFORA_JIT="1" if native else "0")
    out = subprocess.run([sys.executable, "-c", CHILD, HERE, program, str(reps)], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--new", required=True)
    parser.add_argument("--only", default="dc_sum")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--native", action="store_true")
    args = parser.parse_args()
    print("%-15s %10s %10s %9s" % ("program", "base s", "new s", "new/base"))
    for program in args.only.split(","):
        base, new = [], []
        for _ in range(args.rounds):
            base.append(best_time(args.base, program, args.reps, args.native))
            new.append(best_time(args.new, program, args.reps, args.native))
        print("%-15s %10.4f %10.4f %9.3f" % (program, min(base), min(new), min(new) / min(base)), flush=True)


if __name__ == "__main__":
    main()
