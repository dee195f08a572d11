//! pyfora's native tier: specializes user functions by argument types and
//! compiles them with Cranelift.
//!
//! The interpreter offers every call of a user function with plain
//! positional arguments to [`JitTier`] (through `pyfora_runtime::native`).
//! The first call with a new signature (argument types; functions passed as
//! arguments count by identity) infers register types ([`infer`]) and, when
//! everything the function does is supported, generates native code
//! ([`codegen`]). Native code bails out — the interpreter then runs the call
//! from the start, which is allowed because calls are pure — on anything it
//! does not handle: integer overflow, division by zero, math domain errors.
//!
//! `PYFORA_JIT=0` switches the tier off (per engine); `PYFORA_JIT_LOG=1`
//! prints each compilation with its time to stderr (`=2` adds its machine
//! code), and [`report`] returns the same records.

pub mod codegen;
pub mod comprehensions;
pub mod infer;
pub mod items;
pub mod lists;
pub mod liveness;
pub mod parallel;
pub mod shims;
pub mod stubs;
pub mod types;

use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::Instant;

use cranelift_codegen::ir::{types as clif, AbiParam, InstBuilder, MemFlagsData};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncId, Linkage, Module};

use pyfora_runtime::error::{Error, RtResult};
use pyfora_runtime::native::{NativeTier, Over, Reduce};
use pyfora_runtime::value::{Function, Globals, Value};
use pyfora_syntax::ir::Instr;

use crate::codegen::{clif_type, inlinable, kernel_signature, spec_signature, Gen, InlineBody, Linker, CANCELLED, INLINE_MAX_DEPTH};
use crate::infer::{call_target, infer, method_target, precheck, precheck_kernel, Callees, Inference, KernelInput, KernelShape, Shape, Target, Unsupported};
use crate::types::{scalar_word, ArgKey, Scalar, Signature};

/// Most specializations kept per function before it stays interpreted
/// (so a function called with ever new argument types cannot explode).
pub const MAX_SPECIALIZATIONS: usize = 8;

/// Most scalar arguments a native entry takes.
const MAX_SCALAR_ARGS: usize = 16;

/// The native tier (installed once per process by [`install`]).
pub struct JitTier;

pub(crate) static TIER: JitTier = JitTier;

/// Installs the native tier into the runtime.
pub fn install() {
    pyfora_runtime::native::install(&TIER);
}

/// Installs the worker pool as the interpreter's scheduler of independent
/// calls (with or without the native tier).
pub fn install_scheduler() {
    pyfora_runtime::forks::install(&parallel::PoolScheduler);
}

/// One compilation, for [`report`] and `PYFORA_JIT_LOG`.
#[derive(Clone, Debug)]
pub struct CompileRecord {
    /// Function name and argument types.
    pub function: String,
    /// Compile time in milliseconds (inference and code generation).
    pub millis: f64,
    /// `None` when compiled; otherwise why it stays interpreted.
    pub refused: Option<String>,
}

/// Every compilation attempted in this process so far.
pub fn report() -> Vec<CompileRecord> {
    jit().lock().map(|j| j.records.clone()).unwrap_or_default()
}

/// Per code object: its specializations.
#[derive(Default)]
struct CodeState {
    entries: RwLock<Vec<Arc<Entry>>>,
    kernels: RwLock<Vec<Arc<KernelEntry>>>,
}

/// A generator expression compiled as a reduction kernel.
struct KernelEntry {
    globals: GlobalsKey,
    reduce: Reduce,
    /// Keys of the captured values it was compiled for.
    captured: Signature,
    /// What its first loop runs over.
    input: KernelInput,
    compensated: bool,
    /// The kernel's address and item type; `None` when refused.
    compiled: Option<(usize, Scalar)>,
}

/// The items as words when every one is of type `elem`; `None` otherwise
/// (a mixed list is left to the interpreter).
fn pack_items(items: &[Value], elem: Scalar) -> Option<Vec<u64>> {
    items.iter().map(|v| elem.word_of(v)).collect()
}

type KernelEntrypoint = extern "C" fn(*const u8, i64, i64, i64, *mut u64, *const u64) -> i64;

/// Runs a kernel over `range(start, stop, step)` (or a packed list from an
/// index) with `out0` in word 0 of `out`; its `out` words, or
/// `Err(status)` when it bailed out or was cancelled.
pub(crate) fn run_kernel(entry: usize, cancel: *const u8, start: i64, stop: i64, step: i64, captured: *const u64, out0: u64) -> Result<[u64; 3], i64> {
    // SAFETY: `entry` is the finalized address of a kernel generated with
    // exactly this signature; the JIT module is never freed.
    let f: KernelEntrypoint = unsafe { std::mem::transmute::<usize, KernelEntrypoint>(entry) };
    let mut out = [out0, 0, 0];
    let _lists = lists::Scope::enter();
    match f(cancel, start, stop, step, out.as_mut_ptr(), captured) {
        0 => Ok(out),
        status => Err(status),
    }
}

/// The globals a specialization was compiled against, held weakly: once
/// every function sharing them is gone, the entry is dead and no longer
/// counts toward [`MAX_SPECIALIZATIONS`] (each submission ships its own
/// globals, so a function submitted again and again would otherwise run
/// out of specializations). The weak reference keeps the allocation, so
/// the address cannot be reused by other globals meanwhile.
struct GlobalsKey(std::sync::Weak<Globals>);

impl GlobalsKey {
    fn of(g: &Arc<Globals>) -> GlobalsKey {
        GlobalsKey(Arc::downgrade(g))
    }

    /// True when `g` is these globals.
    fn is(&self, g: &Arc<Globals>) -> bool {
        std::ptr::eq(self.0.as_ptr(), Arc::as_ptr(g))
    }

    /// True while some function still uses these globals.
    fn alive(&self) -> bool {
        self.0.strong_count() > 0
    }
}

struct Entry {
    /// The globals the code was compiled against (names resolve when
    /// compiling, so the same code under other globals is another entry).
    globals: GlobalsKey,
    sig: Signature,
    compiled: Option<Compiled>,
    calls: AtomicU32,
    bails: AtomicU32,
}

#[derive(Clone, Copy)]
struct Compiled {
    id: FuncId,
    ret: Scalar,
    /// `Some(element type)`: it returns a list it built (its address is
    /// the result word), which only a call from the interpreter takes.
    returns_list: Option<Scalar>,
    /// Address of the `extern "C" fn(cancel, args, out) -> status` entry.
    entry: usize,
}

pub(crate) type Entrypoint = extern "C" fn(*const u8, *const u64, *mut u64) -> i64;

impl Entry {
    /// True when `func` (its globals) called with `args` has this entry's signature.
    fn matches(&self, func: &Function, args: &[Value]) -> bool {
        self.globals.is(&func.globals) && self.sig.0.len() == args.len() && self.sig.0.iter().zip(args).all(|(k, v)| k.admits(v))
    }

    /// Runs the native code; `None` when it bailed out.
    fn run(&self, c: &Compiled, args: &[Value]) -> Option<RtResult<Value>> {
        let mut packed = [0u64; MAX_SCALAR_ARGS];
        let mut n = 0;
        for a in args {
            // A list or tuple goes in as the address of its items and its
            // length (read in place: see `items`).
            let (bits, more) = match a {
                Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::None => (scalar_word(a), None),
                Value::List(items) | Value::Tuple(items) => (items.as_ptr() as u64, Some(items.len() as u64)),
                _ => continue,
            };
            for word in std::iter::once(bits).chain(more) {
                if n == MAX_SCALAR_ARGS {
                    return None;
                }
                packed[n] = word;
                n += 1;
            }
        }
        // SAFETY: `entry` is the finalized address of a trampoline generated
        // with exactly this signature; the JIT module is never freed.
        let f: Entrypoint = unsafe { std::mem::transmute::<usize, Entrypoint>(c.entry) };
        let mut out = 0u64;
        let (status, list) = {
            let _lists = lists::Scope::enter();
            let status = f(pyfora_runtime::interp::cancel_flag_ptr(), packed.as_ptr(), &mut out);
            // A returned list is still in the arena: it becomes a list
            // value before the scope releases it.
            let list = match c.returns_list {
                // SAFETY: with status 0 the result word is the address of
                // a list this call built, alive until `_lists` drops.
                Some(elem) if status == 0 => Some(unsafe { lists::to_value(out as *const lists::ListBuf, elem) }),
                _ => None,
            };
            (status, list)
        };
        self.calls.fetch_add(1, Ordering::Relaxed);
        match status {
            0 if list.is_some() => list.map(Ok),
            0 => Some(Ok(c.ret.value(out))),
            CANCELLED if pyfora_runtime::interp::check_cancelled().is_err() => Some(Err(Error::Cancelled)),
            _ => {
                self.bails.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Native code that mostly bails is not worth entering.
    fn worth_trying(&self) -> bool {
        let bails = self.bails.load(Ordering::Relaxed);
        bails < 32 || bails * 2 < self.calls.load(Ordering::Relaxed)
    }
}

impl JitTier {
    fn kernel(&self, genexpr: &Arc<Function>, reduce: Reduce, captured: &Signature, input: KernelInput) -> Option<(usize, Scalar)> {
        let compensated = reduce == Reduce::Sum && pyfora_runtime::compat::compensated_float_sum();
        let state = genexpr.code.native.state(CodeState::default);
        let find = |state: &CodeState| {
            let kernels = state.kernels.read().unwrap_or_else(|p| p.into_inner());
            kernels
                .iter()
                .find(|k| k.globals.is(&genexpr.globals) && k.reduce == reduce && k.input == input && k.compensated == compensated && k.captured.same(captured))
                .cloned()
        };
        let entry = match find(state) {
            Some(e) => e,
            None => {
                let mut jit = jit().lock().unwrap_or_else(|p| p.into_inner());
                let t0 = Instant::now();
                let result = jit.compile_kernel(genexpr, reduce, captured, input, compensated);
                let over = match input {
                    KernelInput::Range { .. } => "a range".to_string(),
                    KernelInput::Words(elem) => format!("{elem:?} items"),
                    KernelInput::Rows(elem) => format!("rows of {elem:?} items"),
                };
                jit.note(format!("{}({} over {over})", reduce.name(), genexpr.code.ir.qualname), t0, &result);
                let entry = Arc::new(KernelEntry {
                    globals: GlobalsKey::of(&genexpr.globals),
                    reduce,
                    captured: captured.clone(),
                    input,
                    compensated,
                    compiled: result.ok(),
                });
                let mut kernels = state.kernels.write().unwrap_or_else(|p| p.into_inner());
                kernels.retain(|k| k.globals.alive());
                if kernels.len() >= MAX_SPECIALIZATIONS {
                    kernels.remove(0);
                }
                kernels.push(entry.clone());
                entry
            }
        };
        entry.compiled
    }

    /// `reduce` of the generator expression `genexpr` over `over` (its
    /// parameters after the iterator are `params`) as a parallel kernel:
    /// the combined result and the item type, `Err(status)` when a piece
    /// bailed out or the computation was cancelled; `None` when no kernel
    /// compiles for it.
    pub(crate) fn reduce_partial(
        &self,
        genexpr: &Arc<Function>,
        reduce: Reduce,
        over: Over<'_>,
        params: &[Value],
    ) -> Option<Result<(parallel::Partial, Scalar), i64>> {
        // The generator's captured values — its parameters after the
        // iterator, then its cells: scalars are passed as words, objects
        // (functions...) are compiled in and key the kernel.
        let mut keys = Vec::with_capacity(params.len() + genexpr.closure.len());
        let mut words = Vec::with_capacity(params.len() + genexpr.closure.len());
        // Lists and tuples go in as the address of their items and their
        // length; they stay alive meanwhile (the generator holds them).
        let mut held = Vec::new();
        for v in params.iter().cloned().chain(genexpr.closure.iter().map(|cell| cell.get())) {
            let key = ArgKey::of(&v)?;
            if let (ArgKey::Items(_) | ArgKey::Rows(_), Value::List(items) | Value::Tuple(items)) = (&key, &v) {
                words.push(items.as_ptr() as u64);
                words.push(items.len() as u64);
                keys.push(key);
                held.push(v);
                continue;
            }
            keys.push(key);
            words.push(scalar_word(&v));
        }
        let captured = Signature(keys);
        // Items of a list or tuple are packed into words of their one type;
        // rows (lists or tuples) are read in place.
        let packed;
        let (kernel_input, input) = match over {
            Over::Range { start, stop, step } => (KernelInput::Range { unit_step: step == 1 }, parallel::Input::Range { start, stop, step }),
            Over::Items(items) => match crate::types::sequence_key(items) {
                Some(ArgKey::Rows(elem)) => (KernelInput::Rows(elem), parallel::Input::Values { data: items.as_ptr(), n: items.len() as u64 }),
                // An empty list gives no item type: the interpreter takes it.
                Some(ArgKey::Items(elem)) if !items.is_empty() => {
                    packed = pack_items(items, elem)?;
                    (KernelInput::Words(elem), parallel::Input::Words { data: packed.as_ptr(), n: packed.len() as u64 })
                }
                _ => return None,
            },
        };
        let (entry, item) = self.kernel(genexpr, reduce, &captured, kernel_input)?;
        let cancel = pyfora_runtime::interp::cancel_flag_ptr();
        parallel::set_fork_limit(pyfora_runtime::native::threads());
        let args = parallel::KernelArgs { input, captured: words.as_ptr() };
        let result = parallel::reduce_over(entry, reduce, item, cancel, args, pyfora_runtime::native::threads());
        // The lists whose items the kernel read are released only now.
        drop(held);
        Some(result.map(|p| (p, item)))
    }
}

impl NativeTier for JitTier {
    fn reduce(&self, genexpr: &Arc<Function>, reduce: Reduce, over: Over<'_>, params: &[Value]) -> Option<RtResult<Value>> {
        match self.reduce_partial(genexpr, reduce, over, params)? {
            // `min()`/`max()` of nothing raise or return their default: the interpreter's job.
            Ok((partial, item)) => Some(Ok(partial.into_value(reduce, item)?)),
            Err(CANCELLED) if pyfora_runtime::interp::check_cancelled().is_err() => Some(Err(Error::Cancelled)),
            Err(_) => None,
        }
    }

    fn call(&self, func: &Arc<Function>, args: &[Value]) -> Option<RtResult<Value>> {
        parallel::set_fork_limit(pyfora_runtime::native::threads());
        // Values native code never takes (strings, lists...) need no lookup.
        if !args.iter().all(ArgKey::takes) {
            return None;
        }
        let state = func.code.native.state(CodeState::default);
        let found = {
            let entries = state.entries.read().unwrap_or_else(|p| p.into_inner());
            match entries.iter().find(|e| e.matches(func, args)) {
                // Refused before: no clone (no shared write per call).
                Some(e) if e.compiled.is_none() => return None,
                found => found.cloned(),
            }
        };
        let entry = match found {
            Some(e) => e,
            None => {
                let keys = args.iter().map(ArgKey::of).collect::<Option<Vec<_>>>()?;
                let mut jit = jit().lock().unwrap_or_else(|p| p.into_inner());
                let _ = jit.compile(func, &Signature(keys));
                drop(jit);
                let entries = state.entries.read().unwrap_or_else(|p| p.into_inner());
                entries.iter().find(|e| e.matches(func, args)).cloned()?
            }
        };
        let compiled = entry.compiled?;
        if !entry.worth_trying() {
            return None;
        }
        entry.run(&compiled, args)
    }
}

/// The compiler: one Cranelift JIT module for the process.
struct Jit {
    module: JITModule,
    /// Specializations being compiled (callers of the one being compiled).
    in_progress: Vec<(Arc<Function>, Signature)>,
    next_name: u64,
    log: bool,
    /// `PYFORA_JIT_LOG=2`: print the machine code of each compilation too.
    dump: bool,
    records: Vec<CompileRecord>,
}

// SAFETY: the module is only used while holding the global mutex.
unsafe impl Send for Jit {}

/// The target the code is compiled for: this machine, optimized for speed.
fn native_isa() -> cranelift_codegen::isa::OwnedTargetIsa {
    let mut flags = settings::builder();
    flags.set("use_colocated_libcalls", "false").expect("known flag");
    flags.set("is_pic", "false").expect("known flag");
    flags.set("opt_level", "speed").expect("known flag");
    cranelift_native::builder().expect("host machine supported by Cranelift").finish(settings::Flags::new(flags)).expect("native ISA")
}

fn jit() -> &'static Mutex<Jit> {
    static JIT: OnceLock<Mutex<Jit>> = OnceLock::new();
    JIT.get_or_init(|| {
        let module = JITModule::new(JITBuilder::with_isa(native_isa(), default_libcall_names()));
        let level = std::env::var("PYFORA_JIT_LOG").map(|v| v.trim().to_string()).unwrap_or_default();
        let (log, dump) = (level == "1" || level == "2", level == "2");
        Mutex::new(Jit { module, in_progress: Vec::new(), next_name: 0, log, dump, records: Vec::new() })
    })
}

fn describe(func: &Function, sig: &Signature) -> String {
    let args: Vec<String> = sig.0.iter().map(|k| format!("{k:?}")).collect();
    format!("{}({})", func.code.ir.qualname, args.join(", "))
}

impl Jit {
    /// Compiles the function in `ctx` into the module as `id` (with
    /// `PYFORA_JIT_LOG=2`, printing its machine code).
    fn define(&mut self, id: FuncId, ctx: &mut cranelift_codegen::Context) -> Result<(), Unsupported> {
        ctx.set_disasm(self.dump);
        self.module.define_function(id, ctx).map_err(|e| Unsupported(format!("code generation: {e:?}")))?;
        if let Some(code) = ctx.compiled_code().and_then(|c| c.vcode.as_ref()).filter(|_| self.dump) {
            eprintln!("pyfora-jit: machine code of {}:\n{code}", ctx.func.name);
        }
        Ok(())
    }

    /// Records (and with `PYFORA_JIT_LOG=1` prints) one compilation.
    fn note<T>(&mut self, function: String, t0: Instant, result: &Result<T, Unsupported>) {
        let record = CompileRecord { function, millis: t0.elapsed().as_secs_f64() * 1e3, refused: result.as_ref().err().map(|e| e.0.clone()) };
        if self.log {
            match &record.refused {
                None => eprintln!("pyfora-jit: compiled {} in {:.2} ms", record.function, record.millis),
                Some(why) => eprintln!("pyfora-jit: interpreting {}: {}", record.function, why),
            }
        }
        self.records.push(record);
    }

    /// The small callees of `func` (typed as `inf` says) to emit inline,
    /// and theirs, down to [`INLINE_MAX_DEPTH`].
    /// `root` (the function being compiled, with its signature) is never
    /// inlined into itself: its recursive calls stay calls.
    fn collect_inlines(&mut self, root: (&Arc<Function>, &Signature), func: &Arc<Function>, inf: &Inference, depth: usize, out: &mut Vec<InlineBody>) {
        if depth >= INLINE_MAX_DEPTH {
            return;
        }
        for (pc, instr) in func.code.ir.instrs.iter().enumerate() {
            let Some(st) = inf.states[pc].as_ref() else { continue };
            let (target, args) = match instr {
                Instr::Call { func: f, args, .. } if args.is_simple() => (call_target(&st[*f as usize]), args),
                Instr::CallMethod { obj, name, args, .. } if args.is_simple() => (method_target(&st[*obj as usize], name), args),
                _ => continue,
            };
            let Some(Target::User { func: callee, receiver }) = target else { continue };
            if !inlinable(&callee) {
                continue;
            }
            let mut keys: Vec<ArgKey> = receiver.map(ArgKey::Obj).into_iter().collect();
            let Some(arg_keys) = (0..args.nargs).map(|i| ArgKey::of_type(&st[(args.start + i) as usize])).collect::<Option<Vec<_>>>() else { continue };
            keys.extend(arg_keys);
            let sig = Signature(keys);
            let is_root = Arc::ptr_eq(&callee, root.0) && sig.same(root.1);
            if is_root || out.iter().any(|b| Arc::ptr_eq(&b.func, &callee) && b.sig.same(&sig)) {
                continue;
            }
            let Ok(Compiled { ret, .. }) = self.compile_callee(&callee, &sig) else { continue };
            let Ok(callee_inf) = infer(&callee, Shape::Call(&sig), Some(ret), self) else { continue };
            if callee_inf.ret != ret {
                continue;
            }
            let body = InlineBody { func: callee, sig, inf: callee_inf };
            let mut nested = Vec::new();
            self.collect_inlines(root, &body.func, &body.inf, depth + 1, &mut nested);
            out.push(body);
            for b in nested {
                if !out.iter().any(|o| Arc::ptr_eq(&o.func, &b.func) && o.sig.same(&b.sig)) {
                    out.push(b);
                }
            }
        }
    }

    /// Compiles a generator expression over `input` as a kernel of `reduce`.
    fn compile_kernel(
        &mut self,
        genexpr: &Arc<Function>,
        reduce: Reduce,
        captured: &Signature,
        input: KernelInput,
        compensated: bool,
    ) -> Result<(usize, Scalar), Unsupported> {
        precheck_kernel(genexpr)?;
        let shape = Shape::OverRange(KernelShape { reduce, captured, input });
        let inf = infer(genexpr, shape, None, self)?;
        let mut inlines = Vec::new();
        let no_args = Signature(Vec::new());
        self.collect_inlines((genexpr, &no_args), genexpr, &inf, 0, &mut inlines);
        self.next_name += 1;
        let name = format!("pyfora_{}_{}", reduce.name(), self.next_name);
        let clif_sig = kernel_signature(&self.module);
        let id = self.module.declare_function(&name, Linkage::Local, &clif_sig).map_err(|e| Unsupported(e.to_string()))?;
        let mut ctx = self.module.make_context();
        ctx.func.signature = clif_sig;
        let mut fctx = FunctionBuilderContext::new();
        {
            let builder = FunctionBuilder::new(&mut ctx.func, &mut fctx);
            Gen::emit(builder, genexpr, shape, compensated, &inf, &inlines, id, 0, self)?;
        }
        self.define(id, &mut ctx)?;
        self.module.clear_context(&mut ctx);
        self.module.finalize_definitions().map_err(|e| Unsupported(e.to_string()))?;
        Ok((self.module.get_finalized_function(id) as usize, inf.ret))
    }

    /// Compiles (or finds) the specialization of `func` for `sig`.
    fn compile(&mut self, func: &Arc<Function>, sig: &Signature) -> Result<Compiled, Unsupported> {
        let state = func.code.native.state(CodeState::default);
        {
            let entries = state.entries.read().unwrap_or_else(|p| p.into_inner());
            if let Some(e) = entries.iter().find(|e| e.globals.is(&func.globals) && e.sig.same(sig)) {
                return e.compiled.ok_or_else(|| Unsupported("refused before".into()));
            }
            // Too many specializations for these very globals: the types
            // keep changing (a type explosion); stay interpreted.
            if entries.iter().filter(|e| e.globals.is(&func.globals)).count() >= MAX_SPECIALIZATIONS {
                func.code.native.give_up();
                return Err(Unsupported("too many specializations".into()));
            }
        }
        if let Err(e) = precheck(func) {
            func.code.native.give_up();
            return Err(e);
        }
        if self.in_progress.iter().any(|(f, s)| Arc::ptr_eq(f, func) && s.same(sig)) {
            return Err(Unsupported("mutual recursion".into()));
        }
        let t0 = Instant::now();
        self.in_progress.push((func.clone(), sig.clone()));
        let result = self.compile_new(func, sig);
        self.in_progress.pop();
        self.note(describe(func, sig), t0, &result);
        // A refusal caused by a caller being compiled (mutual recursion) is
        // not final: the callee may compile when called on its own.
        let transient = matches!(&result, Err(e) if e.0 == "mutual recursion");
        if !transient {
            let entry = Arc::new(Entry {
                globals: GlobalsKey::of(&func.globals),
                sig: sig.clone(),
                compiled: result.as_ref().ok().copied(),
                calls: AtomicU32::new(0),
                bails: AtomicU32::new(0),
            });
            let mut entries = state.entries.write().unwrap_or_else(|p| p.into_inner());
            // Code compiled for globals that no longer exist can never run
            // again; beyond the limit, the oldest entries of other globals
            // (earlier submissions of the same code) make room.
            entries.retain(|e| e.globals.alive());
            while entries.len() >= MAX_SPECIALIZATIONS {
                match entries.iter().position(|e| !e.globals.is(&func.globals)) {
                    Some(oldest) => drop(entries.remove(oldest)),
                    None => break,
                }
            }
            entries.push(entry);
        }
        result
    }

    fn compile_new(&mut self, func: &Arc<Function>, sig: &Signature) -> Result<Compiled, Unsupported> {
        let first = infer(func, Shape::Call(sig), None, self)?;
        let inf = infer(func, Shape::Call(sig), Some(first.ret), self)?;
        if inf.ret != first.ret {
            return Err(Unsupported("return type depends on recursion".into()));
        }
        let ret = inf.ret;
        let mut inlines = Vec::new();
        self.collect_inlines((func, sig), func, &inf, 0, &mut inlines);
        self.next_name += 1;
        let name = format!("pyfora_{}_{}", func.code.ir.name.replace(|c: char| !c.is_ascii_alphanumeric(), "_"), self.next_name);
        let clif_sig = spec_signature(&self.module, sig, ret);
        let id = self.module.declare_function(&name, Linkage::Local, &clif_sig).map_err(|e| Unsupported(e.to_string()))?;
        // Where the specialization's own entry will be, for its forked
        // recursive calls (filled once the code is finalized; one word
        // per specialization, kept for the process like the code).
        let entry_cell: &'static AtomicUsize = Box::leak(Box::new(AtomicUsize::new(0)));
        let mut ctx = self.module.make_context();
        ctx.func.signature = clif_sig;
        let mut fctx = FunctionBuilderContext::new();
        {
            let builder = FunctionBuilder::new(&mut ctx.func, &mut fctx);
            Gen::emit(builder, func, Shape::Call(sig), false, &inf, &inlines, id, entry_cell as *const AtomicUsize as usize, self)?;
        }
        self.define(id, &mut ctx)?;
        self.module.clear_context(&mut ctx);
        let entry_id = self.trampoline(&name, id, sig)?;
        self.module.finalize_definitions().map_err(|e| Unsupported(e.to_string()))?;
        let entry = self.module.get_finalized_function(entry_id) as usize;
        entry_cell.store(entry, Ordering::Release);
        Ok(Compiled { id, ret, returns_list: inf.returns_list, entry })
    }

    /// `extern "C" fn(cancel, args: *const u64, out: *mut u64) -> status`
    /// around a specialization.
    fn trampoline(&mut self, name: &str, id: FuncId, sig: &Signature) -> Result<FuncId, Unsupported> {
        let mut s = self.module.make_signature();
        for _ in 0..3 {
            s.params.push(AbiParam::new(clif::I64));
        }
        s.returns.push(AbiParam::new(clif::I64));
        let tid = self.module.declare_function(&format!("{name}_entry"), Linkage::Local, &s).map_err(|e| Unsupported(e.to_string()))?;
        let mut ctx = self.module.make_context();
        ctx.func.signature = s;
        let mut fctx = FunctionBuilderContext::new();
        {
            let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
            let block = b.create_block();
            b.append_block_params_for_function_params(block);
            b.switch_to_block(block);
            let p = b.block_params(block).to_vec();
            // Native calls count their depth from each entry from Rust
            // (the runtime, or a forked piece).
            let mut argv = vec![p[0], b.ins().iconst(clif::I64, 0)];
            for (i, s) in sig.scalars().enumerate() {
                argv.push(b.ins().load(clif_type(s), MemFlagsData::trusted(), p[1], (8 * i) as i32));
            }
            let fref = self.module.declare_func_in_func(id, b.func);
            let call = b.ins().call(fref, &argv);
            let r = b.inst_results(call).to_vec();
            b.ins().store(MemFlagsData::trusted(), r[1], p[2], 0);
            b.ins().return_(&[r[0]]);
            b.seal_all_blocks();
            b.finalize(self.module.target_config());
        }
        self.define(tid, &mut ctx)?;
        self.module.clear_context(&mut ctx);
        Ok(tid)
    }
}

impl Jit {
    /// The specialization of `func` for `sig` as native code's callee: one
    /// that returns a list only an interpreter caller can take.
    fn compile_callee(&mut self, func: &Arc<Function>, sig: &Signature) -> Result<Compiled, Unsupported> {
        match self.compile(func, sig)? {
            c if c.returns_list.is_some() => Err(Unsupported(format!("{} returns a list", func.code.ir.name))),
            c => Ok(c),
        }
    }
}

impl Callees for Jit {
    fn return_type(&mut self, func: &Arc<Function>, sig: &Signature) -> Result<Scalar, Unsupported> {
        // The caller's refusal names the callee (and is final for the caller
        // even when the callee's own refusal was transient).
        self.compile_callee(func, sig).map(|c| c.ret).map_err(|e| Unsupported(format!("calls {}: {}", func.code.ir.name, e.0)))
    }
}

impl Linker for Jit {
    fn callee(&mut self, func: &Arc<Function>, sig: &Signature) -> Result<(FuncId, Scalar), Unsupported> {
        self.compile_callee(func, sig).map(|c| (c.id, c.ret))
    }

    fn callee_entry(&mut self, func: &Arc<Function>, sig: &Signature) -> Option<usize> {
        self.compile_callee(func, sig).ok().map(|c| c.entry)
    }

    fn module(&mut self) -> &mut dyn Module {
        &mut self.module
    }
}
