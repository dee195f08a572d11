//! The engine's threads: computations run on threads with large stacks,
//! kept between computations rather than started for each one. A kept
//! thread keeps its allocator's thread-local free lists and caches, so a
//! computation that allocates much does not fault fresh pages in each time
//! (and a submission saves starting a thread).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Sender};
use std::sync::Mutex;

/// Stack size of engine threads: deep recursion is ordinary in pure code.
pub(crate) const ENGINE_STACK_BYTES: usize = 1 << 30;

/// Idle threads kept at most (more run at once when computations overlap;
/// those beyond this end when they finish).
const MAX_IDLE: usize = 4;

/// A job for an engine thread.
type Job = Box<dyn FnOnce() + Send>;

/// An engine thread waiting for jobs.
struct Worker {
    jobs: Sender<Job>,
}

/// Engine threads not running a job.
static IDLE: Mutex<Vec<Worker>> = Mutex::new(Vec::new());

/// Runs `f` on an engine thread and waits for it. A panic (an engine bug)
/// comes back as `Err(message)` instead of unwinding into Python; the
/// thread it happened on is not reused.
pub fn on_engine_thread<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> Result<R, String> {
    let (done, result) = channel::<Result<R, String>>();
    let job: Job = Box::new(move || {
        let outcome = catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            format!("pyfora engine internal error: {what}")
        });
        let _ = done.send(outcome);
    });
    let idle = IDLE.lock().unwrap_or_else(|p| p.into_inner()).pop();
    let worker = match idle {
        Some(worker) => worker,
        None => start_worker()?,
    };
    // An idle thread always takes a job (it ends only when its sender is
    // dropped), so a failed send means it is gone: start another.
    let worker = match worker.jobs.send(job) {
        Ok(()) => worker,
        Err(returned) => {
            let fresh = start_worker()?;
            fresh.jobs.send(returned.0).map_err(|_| "could not start an engine thread".to_string())?;
            fresh
        }
    };
    let outcome = result.recv().unwrap_or_else(|_| Err("pyfora engine internal error: an engine thread ended".into()));
    if outcome.is_ok() {
        let mut idle = IDLE.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < MAX_IDLE {
            idle.push(worker);
        }
    }
    outcome
}

/// Starts an engine thread that runs the jobs sent to it, one at a time.
fn start_worker() -> Result<Worker, String> {
    let (jobs, incoming) = channel::<Job>();
    std::thread::Builder::new()
        .name("pyfora-engine".into())
        .stack_size(ENGINE_STACK_BYTES)
        .spawn(move || {
            for job in incoming {
                job();
            }
        })
        .map_err(|e| format!("could not start an engine thread: {e}"))?;
    Ok(Worker { jobs })
}
