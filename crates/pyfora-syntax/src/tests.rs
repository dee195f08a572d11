//! Frontend tests: name resolution and refusals, with the user's lines.

use crate::ir::{CodeKind, Instr};
use crate::lower::{lower_block, lower_function};
use crate::source::SourceFile;
use crate::SyntaxError;

fn parse(text: &str) -> SourceFile {
    SourceFile::parse("user.py", text.to_string()).expect("test source parses")
}

fn refusal_line(text: &str, name: &str) -> (u32, String) {
    let src = parse(text);
    let def = src.find_def(1, name).expect("def on line 1");
    match lower_function(&src, def) {
        Err(SyntaxError::Refused { line, message, path }) => {
            assert_eq!(path, "user.py");
            (line, message)
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn print_is_refused_at_its_own_line() {
    let (line, msg) = refusal_line("def f(x):\n    y = x + 1\n    print(y)\n    return y\n", "f");
    assert_eq!(line, 3);
    assert!(msg.contains("print"), "{msg}");
}

#[test]
fn every_side_effect_construct_is_refused() {
    let cases = [
        ("def f(d):\n    del d[0]\n", 2, "del"),
        ("def f():\n    global g\n    return 1\n", 2, "global"),
        ("def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2\n    return g\n", 4, "nonlocal"),
        ("def f(s):\n    return eval(s)\n", 2, "eval"),
        ("def f(s):\n    exec(s)\n", 2, "exec"),
        ("def f(p):\n    return open(p)\n", 2, "open"),
        ("def f():\n    return input()\n", 2, "input"),
        ("def f():\n    return locals()\n", 2, "locals"),
        ("def f():\n    return globals()\n", 2, "globals"),
        ("def f(o):\n    o.x = 1\n", 2, "attribute"),
    ];
    for (text, want_line, word) in cases {
        let (line, msg) = refusal_line(text, "f");
        assert_eq!(line, want_line, "{text}");
        assert!(msg.contains(word), "{msg} should mention {word}");
    }
}

#[test]
fn attribute_assignment_on_self_in_init_is_allowed() {
    let src = parse("class A:\n    def __init__(self, v):\n        self.v = v\n");
    let class = src.find_class(1, "A").expect("class");
    let code = crate::lower::lower_class(&src, class).expect("lowers");
    assert_eq!(code.kind, CodeKind::ClassBody);
}

#[test]
fn a_local_print_function_is_not_refused() {
    let src = parse("def f(print):\n    return print(1)\n");
    let def = src.find_def(1, "f").expect("def");
    assert!(lower_function(&src, def).is_ok());
}

#[test]
fn names_resolve_to_locals_cells_and_globals() {
    let src = parse("def f(a):\n    b = a + k\n    g = lambda: b\n    return g\n");
    let code = lower_function(&src, src.find_def(1, "f").unwrap()).unwrap();
    // `b` is captured by the lambda: a cell; `k` is a global; `a` a register.
    assert_eq!(code.cellvars.iter().map(|c| &**c).collect::<Vec<_>>(), vec!["b"]);
    assert!(code.instrs.iter().any(|i| matches!(i, Instr::LoadGlobal { name, .. } if &**name == "k")));
    let lambda = &code.children[0];
    assert_eq!(lambda.freevars.iter().map(|c| &**c).collect::<Vec<_>>(), vec!["b"]);
}

#[test]
fn methods_do_not_see_class_level_names() {
    let src = parse("class C:\n    k = 1\n    def m(self):\n        return k\n");
    let body = crate::lower::lower_class(&src, src.find_class(1, "C").unwrap()).unwrap();
    let method = &body.children[0];
    assert!(method.instrs.iter().any(|i| matches!(i, Instr::LoadGlobal { name, .. } if &**name == "k")));
}

#[test]
fn comprehension_variables_do_not_leak() {
    let src = parse("def f(x):\n    y = [x for x in range(3)]\n    return x\n");
    let code = lower_function(&src, src.find_def(1, "f").unwrap()).unwrap();
    // The loop variable has a register of its own: nothing writes the
    // parameter's register 0.
    assert!(code.instrs.iter().all(|i| !crate::optimize::writes(i).contains(&0)));
}

#[test]
fn a_with_block_refuses_return_at_top_level() {
    let src = parse("def outer(ex):\n    with ex.remotely:\n        x = 1\n        return x\n");
    let with = src.find_with(2).expect("with");
    match lower_block(&src, with) {
        Err(SyntaxError::Refused { line, .. }) => assert_eq!(line, 4),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_with_block_refuses_yield_and_loop_control_at_their_own_lines() {
    let cases = [
        ("def outer(ex):\n    with ex.remotely:\n        x = 1\n        y = yield x\n", 4, "`yield`"),
        ("def outer(ex):\n    for i in range(3):\n        with ex.remotely:\n            x = i\n            break\n", 5, "around the block"),
        ("def outer(ex):\n    while True:\n        with ex.remotely:\n            continue\n", 4, "around the block"),
    ];
    for (text, want, phrase) in cases {
        let src = parse(text);
        let with_line = text.lines().position(|l| l.trim_start().starts_with("with")).expect("a with") as u32 + 1;
        let with = src.find_with(with_line).expect("with");
        match lower_block(&src, with) {
            Err(SyntaxError::Refused { line, message, .. }) => {
                assert_eq!(line, want, "{text}");
                assert!(message.contains(phrase), "{message}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    // A loop inside the block is the block's own.
    let src = parse("def outer(ex):\n    with ex.remotely:\n        for i in range(3):\n            break\n");
    assert!(lower_block(&src, src.find_with(2).expect("with")).is_ok());
}

#[test]
fn syntax_errors_name_file_and_line() {
    match SourceFile::parse("bad.py", "x = 1\ndef f(:\n".to_string()) {
        Err(SyntaxError::Parse { path, line, .. }) => {
            assert_eq!(path, "bad.py");
            assert_eq!(line, 2);
        }
        _ => panic!("expected a parse error"),
    }
}

#[test]
fn lambdas_are_found_by_line_and_parameters() {
    let src = parse("fs = [lambda a: a, lambda b: b * 2]\n");
    let l = src.find_lambda(1, &["b".to_string()], 0).expect("second lambda");
    let code = crate::lower::lower_lambda(&src, l).unwrap();
    assert_eq!(&*code.params.positional[0], "b");
}

#[test]
fn coroutines_are_refused_at_their_lines() {
    let (line, msg) = refusal_line("async def f(x):\n    return x * 2\n", "f");
    assert_eq!(line, 1);
    assert!(msg.contains("async def"), "{msg}");
    let (line, msg) = refusal_line("def f(x):\n    y = x\n    async def g():\n        return y\n    return g\n", "f");
    assert_eq!(line, 3);
    assert!(msg.contains("async def"), "{msg}");
    let (line, msg) = refusal_line("def f(xs):\n    return [x\n        async for x in xs]\n", "f");
    assert_eq!(line, 3);
    assert!(msg.contains("async for"), "{msg}");
}

#[test]
fn module_functions_named_like_refused_builtins_are_called() {
    let text = "def eval(expr):\n    return expr.upper()\n\ndef run(s):\n    return eval(s)\n";
    let src = parse(text);
    let def = src.find_def(4, "run").expect("def on line 4");
    assert!(lower_function(&src, def).is_ok());
    let text = "from helpers import print\n\ndef run(s):\n    return print(s)\n";
    let src = parse(text);
    assert!(lower_function(&src, src.find_def(3, "run").expect("def on line 3")).is_ok());
    // Without a binding of its own, the builtin is refused.
    let (line, _) = refusal_line("def run(s):\n    return eval(s)\n", "run");
    assert_eq!(line, 2);
}

#[test]
fn match_captures_are_local_and_patterns_read_globals() {
    let text = "def f(v):\n    match v:\n        case Point(x=a) | [a, *rest] if a > LIMIT:\n            g = lambda: a\n            return g\n        case {\"k\": b, **more}:\n            return b\n        case Color.RED:\n            return 0\n";
    let src = parse(text);
    let code = lower_function(&src, src.find_def(1, "f").unwrap()).unwrap();
    let globals: Vec<&str> = code.global_names.iter().map(|n| &**n).collect();
    for name in ["Point", "LIMIT", "Color", "__pyfora_match_class__", "__pyfora_match_sequence__", "__pyfora_match_mapping__"] {
        assert!(globals.contains(&name), "{name} not read as a global: {globals:?}");
    }
    for captured in ["a", "rest", "b", "more"] {
        assert!(!globals.contains(&captured), "{captured} read as a global");
    }
    // `a` is read by the lambda: a cell of `f`.
    assert_eq!(code.cellvars.iter().map(|c| &**c).collect::<Vec<_>>(), vec!["a"]);
}

#[test]
fn a_with_block_writes_back_what_its_cases_capture() {
    let src = parse("def outer(ex, v):\n    with ex.remotely:\n        match v:\n            case [x, *ys]:\n                n = 1\n");
    let code = lower_block(&src, src.find_with(2).expect("with")).unwrap();
    let mut locals: Vec<&str> = code.locals.iter().map(|(n, _)| &**n).collect();
    locals.sort();
    assert_eq!(locals, vec!["n", "x", "ys"]);
}
