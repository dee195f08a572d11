//! Runs small programs through the frontend and the interpreter, without
//! Python: the runtime's own end-to-end tests.

use std::sync::Arc;

use pyfora_runtime::error::Error;
use pyfora_runtime::exceptions::ExcKind;
use pyfora_runtime::value::Globals;
use pyfora_runtime::{interp, ops, Value};
use pyfora_syntax::{lower, SourceFile};

/// Compiles `def name(...)` from `text` and calls it with `args`.
fn call(text: &str, name: &str, args: Vec<Value>) -> Result<Value, Error> {
    let src = SourceFile::parse("prog.py", text.to_string()).expect("parses");
    let line = text.lines().position(|l| l.starts_with(&format!("def {name}("))).expect("def present") as u32 + 1;
    let ir = lower::lower_function(&src, src.find_def(line, name).expect("found")).expect("lowers");
    let code = interp::prepare(&ir).expect("prepares");
    let globals = Arc::new(Globals::default());
    let f = interp::make_function(code, globals.clone(), vec![], vec![], vec![]);
    let mut names = rustc_hash::FxHashMap::default();
    names.insert(Arc::from(name), Value::Function(f.clone()));
    let _ = globals.names.set(names);
    interp::call_function(&f, args, vec![])
}

fn repr_of(text: &str, name: &str, args: Vec<Value>) -> String {
    ops::repr(&call(text, name, args).expect("runs")).expect("repr")
}

#[test]
fn integers_promote_to_big_instead_of_wrapping() {
    let text = "def f(n):\n    x = 1\n    for i in range(n):\n        x = x * 3\n    return x\n";
    assert_eq!(repr_of(text, "f", vec![Value::Int(50)]), "717897987691852588770249");
}

#[test]
fn floor_division_and_modulo_follow_the_divisor_sign() {
    let text = "def f():\n    return (-7 // 2, -7 % 2, 7 // -2, 7 % -2, -7.5 // 2, -7.5 % 2)\n";
    assert_eq!(repr_of(text, "f", vec![]), "(-4, 1, -4, -1, -4.0, 0.5)");
}

#[test]
fn recursion_finds_the_function_through_its_globals() {
    let text = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n";
    assert_eq!(repr_of(text, "fib", vec![Value::Int(20)]), "6765");
}

#[test]
fn generators_suspend_and_resume() {
    let text = "def f():\n    def gen(n):\n        for i in range(n):\n            yield i * i\n        return 'done'\n    return list(gen(5))\n";
    assert_eq!(repr_of(text, "f", vec![]), "[0, 1, 4, 9, 16]");
}

#[test]
fn finally_runs_on_return_and_on_exceptions() {
    let text = "def f():\n    log = []\n    def g():\n        try:\n            return 1\n        finally:\n            log.append('g')\n    try:\n        try:\n            1 / 0\n        finally:\n            log.append('inner')\n    except ZeroDivisionError:\n        log.append('caught')\n    return log\n";
    // `log` is shared with `g`, so g's append is refused: the closure sees the same list.
    match call(text, "f", vec![]) {
        Ok(v) => panic!("expected the shared append to be refused, got {v:?}"),
        Err(Error::InvalidOperation { .. }) => {}
        Err(other) => panic!("unexpected {other:?}"),
    }
    let text = "def f():\n    log = []\n    try:\n        try:\n            1 / 0\n        finally:\n            log.append('inner')\n    except ZeroDivisionError:\n        log.append('caught')\n    return log\n";
    assert_eq!(repr_of(text, "f", vec![]), "['inner', 'caught']");
}

#[test]
fn uncaught_exceptions_carry_the_trace() {
    let text = "def f(d):\n    return d['missing']\n";
    let d = call("def mk():\n    return {'a': 1}\n", "mk", vec![]).unwrap();
    match call(text, "f", vec![d]) {
        Err(Error::Exception(e)) => {
            assert_eq!(e.trace.len(), 1);
            assert_eq!(e.trace[0].line, 2);
            assert!(matches!(&e.value, Value::Instance(i) if &*i.class.name == "KeyError"));
        }
        other => panic!("expected KeyError, got {other:?}"),
    }
}

#[test]
fn appending_to_a_local_list_is_in_place_and_shared_lists_are_refused() {
    let text = "def f(n):\n    out = []\n    for i in range(n):\n        out.append(i)\n    return len(out)\n";
    assert_eq!(repr_of(text, "f", vec![Value::Int(100_000)]), "100000");
    let text = "def f():\n    a = [1]\n    b = a\n    a.append(2)\n    return b\n";
    assert!(matches!(call(text, "f", vec![]), Err(Error::InvalidOperation { .. })));
}

#[test]
fn recursion_too_deep_is_a_recursion_error() {
    let text = "def f(n):\n    return f(n + 1)\n";
    let r = std::thread::Builder::new().stack_size(1 << 30).spawn(move || call(text, "f", vec![Value::Int(0)])).unwrap().join().unwrap();
    assert!(matches!(r, Err(ref e) if e.is(ExcKind::RecursionError)));
}

#[test]
fn arithmetic_bodies_are_recognised_and_give_the_frame_s_answer() {
    let prepared = |text: &str, name: &str| {
        let src = SourceFile::parse("prog.py", text.to_string()).expect("parses");
        let ir = lower::lower_function(&src, src.find_def(1, name).expect("found")).expect("lowers");
        interp::prepare(&ir).expect("prepares")
    };
    let steps = |text: &str| prepared(text, "f").arith.as_ref().map(|body| body.steps.len());
    assert_eq!(steps("def f(x):\n    return x ** 0.5\n"), Some(1));
    assert_eq!(steps("def f(x):\n    return (x + 3.0) * 2.0 + 1.0\n"), Some(3));
    assert_eq!(steps("def f(x, y):\n    return x * x + y * y\n"), Some(3));
    // Calls, attribute reads, branches and cells are not arithmetic bodies.
    assert_eq!(steps("def f(x):\n    return abs(x) + 1\n"), None);
    assert_eq!(steps("def f(x):\n    return x.real + 1\n"), None);
    assert_eq!(steps("def f(x):\n    return x + 1 if x else 0\n"), None);
    // Past what a step computes without error the call runs its frame.
    let text = "def f(x):\n    return x * 2 + 1\n";
    assert_eq!(repr_of(text, "f", vec![Value::Int(i64::MAX)]), "18446744073709551615");
    assert_eq!(repr_of(text, "f", vec![Value::Float(1.5)]), "4.0");
    assert!(call(text, "f", vec![Value::str("a")]).is_err());
}
