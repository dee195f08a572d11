"""The opening example of the pyfora documentation, in Python 3.

Sums math.sin over the first N integers on the embedded engine (all local
cores) and prints the result with the time it took. N defaults to 10**8;
pass another as the first argument (the docs use 10**9).
"""
import math
import sys
import time

import pyfora

N = int(float(sys.argv[1])) if len(sys.argv) > 1 else 10**8

executor = pyfora.connect()
start = time.perf_counter()
with executor.remotely.downloadAll():
    x = sum(math.sin(i) for i in xrange(N))
elapsed = time.perf_counter() - start
print(x)
print(f"N={N}: {elapsed:.2f} s on the embedded engine", file=sys.stderr)
