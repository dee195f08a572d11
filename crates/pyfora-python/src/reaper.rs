//! Drops values the client lets go of on a thread of its own.
//!
//! Dropping a value frees what it holds recursively: a linked list built by
//! remote code (`d = (i, d)` in a loop) nests as deep as it is long, and
//! freeing it on the client's thread (8 MiB of stack) would overflow that
//! stack. The reaper thread has an engine thread's stack, and the client
//! does not wait for the memory to be freed.

use std::sync::mpsc::{channel, Sender};
use std::sync::{Mutex, OnceLock};

use pyfora_runtime::value::RtCode;
use pyfora_runtime::Value;

/// The reaper's queue, started on first use (`None` when its thread could
/// not start: values are then dropped where they are let go of).
fn queue() -> Option<&'static Mutex<Sender<Value>>> {
    static QUEUE: OnceLock<Option<Mutex<Sender<Value>>>> = OnceLock::new();
    QUEUE
        .get_or_init(|| {
            let (send, receive) = channel::<Value>();
            std::thread::Builder::new()
                .name("pyfora-reaper".into())
                .stack_size(crate::engine::ENGINE_STACK_BYTES)
                .spawn(move || receive.into_iter().for_each(drop))
                .ok()
                .map(|_| Mutex::new(send))
        })
        .as_ref()
}

/// Lets go of `v`: numbers and other values that hold no heap data are
/// dropped at once, anything else on the reaper thread.
pub fn release(v: Value) {
    if RtCode::is_plain(&v) {
        return;
    }
    match queue() {
        Some(q) => {
            let send = q.lock().expect("reaper queue lock").send(v);
            // The reaper never stops while the process runs; if it did, the
            // value comes back and is dropped here.
            if let Err(returned) = send {
                drop(returned.0);
            }
        }
        None => drop(v),
    }
}
