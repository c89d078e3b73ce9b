//! A build's limits on time and memory, and what happens when one is broken: the build
//! ends at once with one error naming the documents being made, puts the output folder
//! back as it was, and exits 1. Never a hang, never an abort.
//!
//! typst cannot be stopped halfway through a document, and Rust aborts the process when an
//! allocation fails. So time is watched by a thread of its own, and memory is counted by
//! the allocator ([`Capped`]), which refuses an allocation that would break the limit
//! *before* it is made, even a single one of 10 GB, and ends the build instead.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long one document may take, and how much memory the whole build may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest one document may take to make and check.
    pub timeout: Duration,
    /// The most memory the build may hold at once, in bytes.
    pub max_memory: u64,
}

impl Default for Limits {
    /// Generous: the slowest kit document takes under 2 s, a 500-poster campaign holds
    /// about 130 MB.
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(120),
            max_memory: 2 << 30,
        }
    }
}

/// Bytes allocated and not yet freed, through [`Capped`].
static USED: AtomicUsize = AtomicUsize::new(0);
/// The most [`USED`] has been.
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The most [`USED`] may reach; no limit until [`arm`].
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);
/// Set once a limit is broken: from then on nothing is refused, so that the error can be
/// written and the output folder put back.
static BROKEN: AtomicBool = AtomicBool::new(false);

/// The documents being made, by a number of their own, with when each began.
static WORKING: Mutex<Vec<(u64, String, Instant)>> = Mutex::new(Vec::new());
/// The output folder to put back when a limit is broken.
static OUT: Mutex<Option<PathBuf>> = Mutex::new(None);
static NEXT: AtomicU64 = AtomicU64::new(1);
static WATCHING: AtomicBool = AtomicBool::new(false);
static TIMEOUT_MS: AtomicU64 = AtomicU64::new(u64::MAX);

thread_local! {
    /// The document this thread is making, by its number; 0 for none.
    static CURRENT: Cell<u64> = const { Cell::new(0) };
}

/// An allocator that counts what it hands out and refuses what would break the memory
/// limit, ending the build with an error naming the document instead.
pub struct Capped<A>(pub A);

impl<A> Capped<A> {
    /// Counts `size` more bytes, unless that breaks the limit.
    fn take(&self, size: usize) {
        let used = USED.fetch_add(size, Ordering::Relaxed).saturating_add(size);
        if used > LIMIT.load(Ordering::Relaxed) && !BROKEN.swap(true, Ordering::SeqCst) {
            USED.fetch_sub(size, Ordering::Relaxed);
            fail(Broken::Memory { asked: size });
        }
        // A load first: most allocations leave the peak as it is, and a read is cheaper.
        if used > PEAK.load(Ordering::Relaxed) {
            PEAK.fetch_max(used, Ordering::Relaxed);
        }
    }
}

/// The most bytes allocated through [`Capped`] and not yet freed at once in this process:
/// the high mark of what the memory limit counts.
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

// SAFETY: every call is passed on to the inner allocator unchanged; only counts are kept.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Capped<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.take(layout.size());
        // SAFETY: the caller's promises about `layout` are passed on.
        let ptr = unsafe { self.0.alloc(layout) };
        if ptr.is_null() {
            USED.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        self.take(layout.size());
        // SAFETY: as for `alloc`.
        let ptr = unsafe { self.0.alloc_zeroed(layout) };
        if ptr.is_null() {
            USED.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { self.0.dealloc(ptr, layout) };
        USED.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = layout.size();
        if new_size > old {
            self.take(new_size - old);
        }
        // SAFETY: as for `alloc`.
        let new = unsafe { self.0.realloc(ptr, layout, new_size) };
        if new.is_null() {
            if new_size > old {
                USED.fetch_sub(new_size - old, Ordering::Relaxed);
            }
        } else if new_size < old {
            USED.fetch_sub(old - new_size, Ordering::Relaxed);
        }
        new
    }
}

/// Puts `limits` in force for the rest of the process: from now on a document that runs
/// longer, or a build that holds more, ends the process with an error; `out`, if given, is
/// put back as it was first.
pub fn arm(limits: Limits, out: Option<PathBuf>) {
    if out.is_some() {
        guard(out);
    }
    let max = usize::try_from(limits.max_memory).unwrap_or(usize::MAX);
    LIMIT.store(max, Ordering::SeqCst);
    let ms = u64::try_from(limits.timeout.as_millis()).unwrap_or(u64::MAX);
    TIMEOUT_MS.store(ms, Ordering::SeqCst);
    if !WATCHING.swap(true, Ordering::SeqCst) {
        std::thread::spawn(watch);
    }
}

/// Whether a broken limit is also reported as JSON on stdout (`--format json`).
static JSON: AtomicBool = AtomicBool::new(false);

/// Makes a broken limit print the run's JSON report too, as `--format json` asks.
pub fn report_as_json() {
    JSON.store(true, Ordering::Relaxed);
}

/// The output folder to put back if a limit is broken from now on.
pub(crate) fn guard(out: Option<PathBuf>) {
    *OUT.lock().unwrap_or_else(|e| e.into_inner()) = out;
}

/// Marks the document `name` as being made on this thread until the guard drops.
pub(crate) fn working_on(name: String) -> Working {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    WORKING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((id, name, Instant::now()));
    CURRENT.with(|c| c.set(id));
    Working { id }
}

/// A document being made; see [`working_on`].
#[derive(Debug)]
pub(crate) struct Working {
    id: u64,
}

impl Drop for Working {
    fn drop(&mut self) {
        CURRENT.with(|c| c.set(0));
        WORKING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|(id, ..)| *id != self.id);
    }
}

/// Looks at the documents being made ten times a second.
fn watch() {
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let timeout = Duration::from_millis(TIMEOUT_MS.load(Ordering::Relaxed));
        // Held through `fail`: the late document cannot finish, and the build go on to
        // its commit, while the folder is put back.
        let working = WORKING.lock().unwrap_or_else(|e| e.into_inner());
        let late = working
            .iter()
            .find(|(_, _, began)| began.elapsed() > timeout)
            .map(|(_, name, _)| name.clone());
        if let Some(document) = late
            && !BROKEN.swap(true, Ordering::SeqCst)
        {
            fail(Broken::Time { document, timeout });
        }
        drop(working);
    }
}

/// Which limit was broken.
enum Broken {
    Memory { asked: usize },
    Time { document: String, timeout: Duration },
}

/// Says which limit was broken and by what, puts the output folder back, and ends the
/// process with exit code 1. Runs with [`BROKEN`] set, so it may allocate freely.
fn fail(broken: Broken) -> ! {
    let (code, document, message) = match broken {
        Broken::Memory { asked } => {
            let limit = LIMIT.load(Ordering::Relaxed);
            let used = USED.load(Ordering::Relaxed);
            let message = format!(
                "the build would hold {} MiB, over its limit of {} MiB (--max-memory): a template that builds something enormous?",
                (used.saturating_add(asked)) >> 20,
                limit >> 20
            );
            ("memory-limit", documents(), message)
        }
        Broken::Time { document, timeout } => {
            let message = format!(
                "took longer than {} s to make (--timeout): a template that loops without end?",
                timeout.as_secs_f64()
            );
            ("time-limit", document, message)
        }
    };
    // The folder first: writing the error can fail (a closed pipe), and must not stop it.
    // try_lock: this thread may be the one that held it when it asked for memory.
    if let Ok(out) = OUT.try_lock()
        && let Some(out) = out.as_deref()
    {
        // A commit under way is put back, then every staged file removed.
        let _ = crate::output::recover(out);
        crate::output::clean(out);
    }
    // Never `eprintln!`: it panics on a closed pipe, and a panic here would abort.
    let _ = writeln!(
        std::io::stderr(),
        "error[{code}]: {}: {message}",
        crate::error::escape_controls(&document)
    );
    if JSON.load(Ordering::Relaxed) {
        let report = crate::report::Report {
            errors: vec![crate::report::Message {
                document: Some(document),
                ..crate::report::Message::plain(code, message)
            }],
            ..Default::default()
        };
        if let Ok(json) = serde_json::to_string_pretty(&report) {
            let _ = writeln!(std::io::stdout(), "{json}");
            let _ = std::io::stdout().flush();
        }
    }
    // SAFETY: `_exit` ends the process at once, running no handler of the allocator or of
    // another thread, which may be in the middle of anything.
    unsafe { libc::_exit(1) }
}

/// The documents to blame for running out of memory: the one this thread makes, else
/// every one being made.
fn documents() -> String {
    let current = CURRENT.with(Cell::get);
    let Ok(working) = WORKING.try_lock() else {
        return "the build".into();
    };
    let names: Vec<&str> = working
        .iter()
        .filter(|(id, ..)| current == 0 || *id == current)
        .map(|(_, name, _)| name.as_str())
        .collect();
    if names.is_empty() {
        "the build".into()
    } else {
        names.join(", ")
    }
}

/// Parses a memory size such as `2GB`, `512MiB`, `1.5G` or `800000000` (bytes).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a size such as 2GB or 512MB"))?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        _ => return Err(format!("{unit:?} is not a unit: write KB, MB or GB")),
    };
    let bytes = number * scale as f64;
    if !(bytes.is_finite() && bytes >= (64 << 20) as f64) {
        return Err(format!(
            "{text:?} is too little to build anything: at least 64MB"
        ));
    }
    Ok(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("2GB"), Ok(2_000_000_000));
        assert_eq!(parse_size("512MiB"), Ok(512 << 20));
        assert_eq!(parse_size("1.5 G"), Ok(1_500_000_000));
        assert_eq!(parse_size("100000000"), Ok(100_000_000));
        assert!(parse_size("10MB").is_err(), "too little");
        assert!(parse_size("2 parsecs").is_err());
        assert!(parse_size("").is_err());
    }
}
