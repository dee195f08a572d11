//! Prints the IR of a function and of the code nested in it:
//! `cargo run -p pyfora-syntax --example dump_ir -- file.py name line`
//! (`name` = `with`: the with-block whose header is on that line)
//! (with the registers that may hold a value at each `return`).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).expect("readable file");
    let src = pyfora_syntax::SourceFile::parse(&args[1], text).expect("parses");
    let line: u32 = args[3].parse().expect("line number");
    // The name `with` dumps the with-block whose header is on that line.
    let code = if args[2] == "with" {
        pyfora_syntax::lower::lower_block(&src, src.find_with(line).expect("with found")).expect("lowers")
    } else {
        pyfora_syntax::lower::lower_function(&src, src.find_def(line, &args[2]).expect("def found")).expect("lowers")
    };
    print_code(&code, 0);
}

fn print_code(code: &pyfora_syntax::Code, depth: usize) {
    let indent = "    ".repeat(depth);
    println!("{indent}== {} ({} registers)", code.name, code.nregs);
    for (reg, idx) in &code.const_regs {
        println!("{indent}     r{reg} = {:?}", code.consts[*idx as usize]);
    }
    let held = pyfora_syntax::holding::may_hold(code);
    for (pc, i) in code.instrs.iter().enumerate() {
        println!("{indent}{pc:4} [{}] {:?}", code.lines[pc], i);
        if matches!(i, pyfora_syntax::ir::Instr::Return { .. }) {
            println!("{indent}       may hold: {:?}", held[pc].iter().collect::<Vec<_>>());
        }
    }
    for child in &code.children {
        print_code(child, depth + 1);
    }
}
