//! Calls on cold paths that keep the caller's registers: a call of an
//! `extern "C"` function clobbers every float register and most integer
//! ones, so a float sum live across a rarely taken call (the `pow` that
//! settles one square root in forty, a list growing) would be spilled to
//! the stack on every iteration of the hot path too. Such calls go through
//! a stub with Cranelift's `preserve_all` convention instead: it saves
//! what the real call clobbers, so for the caller the call clobbers
//! nothing. One stub per shape of call (argument and result types), made
//! on first use and kept for the life of the process.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use cranelift_codegen::ir::{types, AbiParam, InstBuilder, MemFlagsData, Signature, Type};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, Module};

/// The stubs made so far, in a module of their own.
struct Stubs {
    module: JITModule,
    made: HashMap<(Vec<Type>, Option<Type>), usize>,
}

// SAFETY: the module is only used while holding the mutex.
unsafe impl Send for Stubs {}

fn stubs() -> &'static Mutex<Stubs> {
    static STUBS: OnceLock<Mutex<Stubs>> = OnceLock::new();
    STUBS.get_or_init(|| Mutex::new(Stubs { module: JITModule::new(JITBuilder::with_isa(crate::native_isa(), default_libcall_names())), made: HashMap::new() }))
}

/// The signature of the stub for calls taking `params` and returning
/// `ret`: the target's address, the arguments, then (with a result) the
/// address the result is stored at; no results (`preserve_all` returns
/// none).
pub fn stub_signature(params: &[Type], ret: Option<Type>) -> Signature {
    let mut sig = Signature::new(CallConv::PreserveAll);
    sig.params.push(AbiParam::new(types::I64));
    sig.params.extend(params.iter().map(|t| AbiParam::new(*t)));
    if ret.is_some() {
        sig.params.push(AbiParam::new(types::I64));
    }
    sig
}

/// The address of the stub calling an `extern "C"` function that takes
/// `params` and returns `ret` (see [`stub_signature`]); `None` when it
/// could not be compiled (the caller then calls directly).
pub fn preserving_stub(params: &[Type], ret: Option<Type>) -> Option<usize> {
    let mut stubs = stubs().lock().unwrap_or_else(|e| e.into_inner());
    let key = (params.to_vec(), ret);
    if let Some(address) = stubs.made.get(&key) {
        return Some(*address);
    }
    let address = make_stub(&mut stubs.module, params, ret)?;
    stubs.made.insert(key, address);
    Some(address)
}

fn make_stub(module: &mut JITModule, params: &[Type], ret: Option<Type>) -> Option<usize> {
    let sig = stub_signature(params, ret);
    let id = module.declare_anonymous_function(&sig).ok()?;
    let mut ctx = module.make_context();
    ctx.func.signature = sig;
    let mut fctx = FunctionBuilderContext::new();
    let config = module.target_config();
    {
        let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
        let block = b.create_block();
        b.append_block_params_for_function_params(block);
        b.switch_to_block(block);
        b.seal_block(block);
        let values = b.block_params(block).to_vec();
        let mut inner = Signature::new(module.isa().default_call_conv());
        inner.params.extend(params.iter().map(|t| AbiParam::new(*t)));
        inner.returns.extend(ret.map(AbiParam::new));
        let inner = b.import_signature(inner);
        let call = b.ins().call_indirect(inner, values[0], &values[1..=params.len()]);
        if ret.is_some() {
            let result = b.inst_results(call)[0];
            b.ins().store(MemFlagsData::trusted(), result, values[params.len() + 1], 0);
        }
        b.ins().return_(&[]);
        b.finalize(config);
    }
    module.define_function(id, &mut ctx).ok()?;
    module.clear_context(&mut ctx);
    module.finalize_definitions().ok()?;
    Some(module.get_finalized_function(id) as usize)
}
