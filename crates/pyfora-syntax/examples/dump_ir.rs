//! Prints the IR of a function: `cargo run -p pyfora-syntax --example dump_ir -- file.py name line`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).expect("readable file");
    let src = pyfora_syntax::SourceFile::parse(&args[1], text).expect("parses");
    let line: u32 = args[3].parse().expect("line number");
    let def = src.find_def(line, &args[2]).expect("def found");
    let code = pyfora_syntax::lower::lower_function(&src, def).expect("lowers");
    for (pc, i) in code.instrs.iter().enumerate() {
        println!("{pc:4} [{}] {:?}", code.lines[pc], i);
    }
}
