//! Prints the IR of a function and of the code nested in it:
//! `cargo run -p pyfora-syntax --example dump_ir -- file.py name line`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).expect("readable file");
    let src = pyfora_syntax::SourceFile::parse(&args[1], text).expect("parses");
    let line: u32 = args[3].parse().expect("line number");
    let def = src.find_def(line, &args[2]).expect("def found");
    let code = pyfora_syntax::lower::lower_function(&src, def).expect("lowers");
    print_code(&code, 0);
}

fn print_code(code: &pyfora_syntax::Code, depth: usize) {
    let indent = "    ".repeat(depth);
    println!("{indent}== {} ({} registers)", code.name, code.nregs);
    for (reg, idx) in &code.const_regs {
        println!("{indent}     r{reg} = {:?}", code.consts[*idx as usize]);
    }
    for (pc, i) in code.instrs.iter().enumerate() {
        println!("{indent}{pc:4} [{}] {:?}", code.lines[pc], i);
    }
    for child in &code.children {
        print_code(child, depth + 1);
    }
}
