//! End-to-end tests of the native tier without Python: the same programs run
//! in the interpreter and as native code, and must agree exactly.

use std::sync::Arc;

use pyfora_runtime::value::Globals;
use pyfora_runtime::{interp, native, ops, Value};
use pyfora_syntax::{lower, SourceFile};

/// Compiles every top-level `def` of `text` into one set of globals and
/// calls `name` with `args`, with the native tier on or off.
fn call(text: &str, name: &str, args: Vec<Value>, native_code: bool, threads: usize) -> String {
    pyfora_jit::install();
    native::set_enabled(native_code);
    native::set_threads(threads);
    let src = SourceFile::parse("prog.py", text.to_string()).expect("parses");
    let globals = Arc::new(Globals::default());
    let mut names = rustc_hash::FxHashMap::default();
    for (i, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("def ") {
            let fname = &rest[..rest.find('(').expect("a def has parameters")];
            let ir = lower::lower_function(&src, src.find_def(i as u32 + 1, fname).expect("found")).expect("lowers");
            let code = interp::prepare(&ir).expect("prepares");
            let f = interp::make_function(code, globals.clone(), vec![], vec![], vec![]);
            names.insert(Arc::from(fname), Value::Function(f));
        }
    }
    let f = names.get(name).expect("function defined").clone();
    let _ = globals.names.set(names);
    let Value::Function(f) = f else { unreachable!() };
    match interp::call_function(&f, args, vec![]) {
        Ok(v) => ops::repr(&v).expect("repr"),
        Err(e) => format!("error: {e:?}"),
    }
}

/// Runs on both tiers and checks they agree; returns the answer.
fn both(text: &str, name: &str, args: Vec<Value>) -> String {
    let interpreted = call(text, name, args.clone(), false, 1);
    let compiled = call(text, name, args, true, 1);
    assert_eq!(interpreted, compiled, "tiers disagree on {name}");
    compiled
}

const PRIMES: &str = "def is_prime(p):
    if p < 2:
        return 0
    x = 2
    while x * x <= p:
        if p % x == 0:
            return 0
        x += 1
    return 1

def count(n):
    return sum(is_prime(i) for i in range(n))
";

#[test]
fn trial_division_agrees_on_both_tiers() {
    assert_eq!(both(PRIMES, "count", vec![Value::Int(5000)]), "669");
}

#[test]
fn integer_overflow_bails_out_to_exact_big_ints() {
    let text = "def f(n):\n    x = 1\n    for i in range(n):\n        x = x * 3\n    return x\n";
    assert_eq!(both(text, "f", vec![Value::Int(50)]), "717897987691852588770249");
}

#[test]
fn floor_division_follows_python_signs_on_both_paths() {
    let text = "def f(a, b):\n    return (a // b) * 1000 + a % b\n";
    for (a, b) in [(7, 2), (-7, 2), (7, -2), (-7, -2), (1 << 40, 3), (-(1 << 40), 7)] {
        both(text, "f", vec![Value::Int(a), Value::Int(b)]);
    }
    assert!(both(text, "f", vec![Value::Int(1), Value::Int(0)]).starts_with("error"));
}

#[test]
fn recursion_with_a_function_argument_compiles() {
    both(DC, "run", vec![Value::Int(10_000)]);
    let report = pyfora_jit::report();
    assert!(report.iter().any(|r| r.function.starts_with("dc(") && r.refused.is_none()), "dc was compiled: {report:?}");
}

#[test]
fn parallel_sums_are_bit_identical_for_any_thread_count() {
    let src = "def f(n):\n    return sum(1.0 / (i + 1) for i in range(n))\n";
    let n = vec![Value::Int(1_000_000)];
    let one = call(src, "f", n.clone(), true, 1);
    let two = call(src, "f", n.clone(), true, 2);
    let four = call(src, "f", n, true, 4);
    assert_eq!(one, two);
    assert_eq!(one, four);
    let sequential = call(src, "f", vec![Value::Int(1_000_000)], false, 1);
    let (a, b): (f64, f64) = (one.parse().expect("float"), sequential.parse().expect("float"));
    assert!((a - b).abs() <= 1e-12 * b.abs(), "tree sum {a} vs sequential {b}");
}

#[test]
fn small_sums_keep_cpython_order_exactly() {
    let src = "def f(n):\n    return sum(1.0 / (i + 1) for i in range(n))\n";
    let n = pyfora_jit::parallel::LEAF_ITEMS as i64;
    assert_eq!(call(src, "f", vec![Value::Int(n)], true, 2), call(src, "f", vec![Value::Int(n)], false, 1));
}

#[test]
fn an_error_inside_a_parallel_sum_is_the_sequential_one() {
    let src = "def f(n):\n    return sum(1000000 // (i - 700000) for i in range(n))\n";
    let r = call(src, "f", vec![Value::Int(1_000_000)], true, 2);
    assert!(r.contains("division") || r.contains("ZeroDivisionError"), "{r}");
}

#[test]
fn parallel_min_max_any_all_agree_with_the_interpreter() {
    let src = "def f(n):
    return (min((i * 31) % 1009 - 0.5 for i in range(n)), max((i * 7919) % 10007 for i in range(n)),
            any(i == n - 2 for i in range(n)), all(i < n // 3 for i in range(n)),
            max(0.0 if i % 2 else -0.0 for i in range(n)))
";
    let n = vec![Value::Int(5 * pyfora_jit::parallel::LEAF_ITEMS as i64 + 7)];
    let reference = call(src, "f", n.clone(), false, 1);
    assert_eq!(call(src, "f", n.clone(), true, 1), reference);
    assert_eq!(call(src, "f", n, true, 3), reference);
}

#[test]
fn any_decided_in_an_early_piece_ignores_a_later_error() {
    let src = "def f(n):\n    return any(i == 100 or 1 // (i - n + 5) > 7 for i in range(n))\n";
    let n = vec![Value::Int(4 * pyfora_jit::parallel::LEAF_ITEMS as i64)];
    assert_eq!(call(src, "f", n.clone(), true, 2), "True");
    assert_eq!(call(src, "f", n, false, 1), "True");
}

#[test]
fn a_compiled_function_hands_its_comprehension_to_a_parallel_kernel() {
    let src = "def f(n, k):\n    return [x * k + (x % 7 == 0) for x in range(n) if x % 5]\n";
    let args = vec![Value::Int(3 * pyfora_jit::parallel::LEAF_ITEMS as i64 + 11), Value::Int(3)];
    let reference = call(src, "f", args.clone(), false, 1);
    assert_eq!(call(src, "f", args.clone(), true, 2), reference);
    assert_eq!(call(src, "f", args, true, 1), reference);
}

const COUNTING: &str = "def count(lo, hi, d):
    total = 0
    for p in range(lo, hi):
        x = 2
        while x * x <= p:
            if p % x == 0:
                break
            x += 1
        total += 1000 // (p - d)
    return total

def pair(n, d1, d2):
    return count(0, n, d1) - count(n, 2 * n, d2)
";

#[test]
fn independent_calls_of_other_functions_agree_on_every_thread_count() {
    let args = |d1: i64, d2: i64| vec![Value::Int(20_000), Value::Int(d1), Value::Int(d2)];
    let reference = call(COUNTING, "pair", args(-1, -1), false, 1);
    assert_eq!(call(COUNTING, "pair", args(-1, -1), true, 2), reference);
    assert_eq!(call(COUNTING, "pair", args(-1, -1), true, 1), reference);
}

#[test]
fn an_error_in_a_pair_of_independent_calls_is_the_sequential_one() {
    // Both calls divide by zero: the first call's error is the one raised.
    let both = vec![Value::Int(20_000), Value::Int(15_000), Value::Int(30_000)];
    let first = call(COUNTING, "pair", both.clone(), false, 1);
    assert!(first.contains("ZeroDivisionError") || first.contains("division"), "{first}");
    assert_eq!(call(COUNTING, "pair", both, true, 2), first);
    let second_only = vec![Value::Int(20_000), Value::Int(-1), Value::Int(30_000)];
    assert_eq!(call(COUNTING, "pair", second_only.clone(), true, 2), call(COUNTING, "pair", second_only, false, 1));
}

#[test]
fn range_lengths_match_python() {
    use pyfora_jit::parallel::range_len;
    assert_eq!(range_len(0, 10, 1), 10);
    assert_eq!(range_len(0, 10, 3), 4);
    assert_eq!(range_len(10, 0, -3), 4);
    assert_eq!(range_len(5, 5, 1), 0);
    assert_eq!(range_len(0, 10, -1), 0);
    assert_eq!(range_len(i64::MIN, i64::MAX, 1), u64::MAX);
}

#[test]
fn small_callees_inline_into_kernels_and_recursion_stays_correct() {
    let text = "def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

def f(n):
    return sum(fib(i % 15) for i in range(n))
";
    assert_eq!(both(text, "f", vec![Value::Int(300)]), both(text, "f", vec![Value::Int(300)]));
    assert_eq!(call(text, "f", vec![Value::Int(30)], true, 1), call(text, "f", vec![Value::Int(30)], false, 1));
}

const DC: &str = "def dc(a, b, f):
    if b - a <= 1:
        if b > a:
            return f(a)
        return 0.0
    mid = (a + b) // 2
    return dc(a, mid, f) + dc(mid, b, f)

def leaf(x):
    return x ** 0.5

def risky(x):
    return 1.0 / (x - 77777)

def run(n):
    return dc(0, n, leaf)

def run_risky(n):
    return dc(0, n, risky)
";

#[test]
fn recursive_calls_forked_on_threads_give_the_same_bits() {
    let n = vec![Value::Int(200_000)];
    let one = call(DC, "run", n.clone(), true, 1);
    let two = call(DC, "run", n.clone(), true, 2);
    let interpreted = call(DC, "run", n, false, 1);
    assert_eq!(one, two);
    assert_eq!(one, interpreted);
}

#[test]
fn an_error_in_a_forked_call_is_the_sequential_one() {
    let r = call(DC, "run_risky", vec![Value::Int(100_000)], true, 2);
    assert!(r.contains("ZeroDivision") || r.contains("division"), "{r}");
}

const LISTS: &str = "def mean_of_squares(n):
    lst = [x * x for x in range(n)]
    return sum(lst) / len(lst)

def pick(n, i):
    a = [x * 0.5 for x in range(n) if x % 2]
    total = 0.0
    for v in a:
        total += v
    return total + a[i]
";

#[test]
fn list_comprehensions_compile_and_free_their_lists() {
    assert_eq!(both(LISTS, "mean_of_squares", vec![Value::Int(100_000)]), "3333283333.5");
    assert_eq!(pyfora_jit::lists::live_lists(), 0, "a finished call leaves no list behind");
    assert_eq!(both(LISTS, "pick", vec![Value::Int(1000), Value::Int(-1)]), "125499.5");
    // Out of range: the native code bails with its lists built; the
    // interpreter raises the IndexError.
    assert!(both(LISTS, "pick", vec![Value::Int(1000), Value::Int(500)]).contains("IndexError"));
    assert_eq!(pyfora_jit::lists::live_lists(), 0, "a bail-out leaves no list behind");
    let refused: Vec<_> = pyfora_jit::report()
        .into_iter()
        .filter(|r| r.refused.is_some() && (r.function.starts_with("mean_of_squares") || r.function.starts_with("pick")))
        .collect();
    assert!(refused.is_empty(), "{refused:?}");
}

#[test]
fn a_list_built_per_iteration_is_freed_before_the_next() {
    let text = "def chunk(i):
    xs = [i * k for k in range(8)]
    return sum(xs)

def pairs(n):
    total = 0
    for i in range(n):
        row = [i, i + 1]
        total += row[0] * row[1] + chunk(i)
    return total
";
    pyfora_jit::lists::take_peak();
    assert_eq!(both(text, "pairs", vec![Value::Int(2000)]), "2722638000");
    let peak = pyfora_jit::lists::take_peak();
    assert!((1..=3).contains(&peak), "native code built lists, at most the row and one chunk alive at once; saw {peak}");
    assert_eq!(pyfora_jit::lists::live_lists(), 0);
}

#[test]
fn the_same_code_submitted_again_and_again_stays_native() {
    // Each submission ships the functions anew (fresh globals) over the
    // same parsed code; old submissions must not use up the specializations.
    pyfora_jit::install();
    native::set_enabled(true);
    native::set_threads(1);
    let text = "def spin(n, f):\n    t = 0.0\n    while n > 0:\n        t = t + f(n)\n        n = n - 1\n    return t\n";
    let src = SourceFile::parse("resubmit.py", text.to_string()).expect("parses");
    let spin_code = interp::prepare(&lower::lower_function(&src, src.find_def(1, "spin").expect("found")).expect("lowers")).expect("prepares");
    let lambda_src = SourceFile::parse("lam.py", "def half(x):\n    return x * 0.5\n".to_string()).expect("parses");
    let half_code = interp::prepare(&lower::lower_function(&lambda_src, lambda_src.find_def(1, "half").expect("found")).expect("lowers")).expect("prepares");
    // Half of the submissions stay referenced (as a client's proxies keep
    // them): their entries are alive and the oldest make room.
    let mut kept = Vec::new();
    for i in 0..3 * pyfora_jit::MAX_SPECIALIZATIONS {
        let half = interp::make_function(half_code.clone(), Arc::new(Globals::default()), vec![], vec![], vec![]);
        let spin = interp::make_function(spin_code.clone(), Arc::new(Globals::default()), vec![], vec![], vec![]);
        if i % 2 == 0 {
            kept.push((spin.clone(), half.clone()));
        }
        let r = interp::call_function(&spin, vec![Value::Int(100), Value::Function(half)], vec![]).expect("runs");
        assert_eq!(ops::repr(&r).expect("repr"), "2525.0");
    }
    let refused: Vec<_> =
        pyfora_jit::report().into_iter().filter(|r| r.refused.is_some() && (r.function.starts_with("spin") || r.function.starts_with("half"))).collect();
    assert!(refused.is_empty(), "{refused:?}");
    assert!(!spin_code.native.gave_up() && !half_code.native.gave_up());
}
