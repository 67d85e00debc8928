//! Stopping a build on request (SIGINT, SIGTERM) without leaving anything behind.
//!
//! A [`Stop`] is shared by whoever asks (a signal watcher) and the writers. Before the export
//! is written nothing needs cleaning up, so the asker is told to stop the process at once;
//! while files are written the writers see the request at their next write, fail, and delete
//! their temporary files (and nothing is renamed). The switch between the two is made under a
//! lock, so a request never falls between "not writing yet" and the first temporary file.

use std::io;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};

/// Where the build is, as far as stopping it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Nothing written yet: stopping leaves the output folder as it was.
    Before,
    /// Temporary files are being written (or renamed into place): the writers stop and clean up.
    Writing,
    /// The export and its manifest are in place.
    Done,
}

/// A shared stop request (the number of the signal that asked, or none) and the build's phase.
#[derive(Clone, Debug)]
pub struct Stop(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    /// 0: go on; else the signal that asked to stop (the first one).
    signal: AtomicI32,
    phase: Mutex<Phase>,
}

/// The error a writer returns when it was stopped (inside an `io::Error` of kind `Other`;
/// not `Interrupted`, which `write_all` retries).
#[derive(Debug)]
pub struct Stopped(pub i32);

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "stopped by signal {}", self.0)
    }
}

impl std::error::Error for Stopped {}

impl Default for Stop {
    fn default() -> Self {
        Stop::new()
    }
}

impl Stop {
    /// No stop asked, nothing written yet.
    pub fn new() -> Stop {
        Stop(Arc::new(Inner {
            signal: AtomicI32::new(0),
            phase: Mutex::new(Phase::Before),
        }))
    }

    /// The signal that asked to stop, if one did.
    pub fn signal(&self) -> Option<i32> {
        match self.0.signal.load(Ordering::SeqCst) {
            0 => None,
            s => Some(s),
        }
    }

    /// The build's phase now.
    pub fn phase(&self) -> Phase {
        *self.0.phase.lock().expect("phase")
    }

    /// Asks the build to stop (`signal` > 0; the first request is kept). Unless files are
    /// being written, `now` is called with the phase while the phase is held, so writing
    /// cannot start meanwhile: it is expected to end the process. While files are being
    /// written it is not called: the writers stop at their next write and clean up.
    pub fn request(&self, signal: i32, now: impl FnOnce(Phase)) {
        let phase = self.0.phase.lock().expect("phase");
        let _ =
            self.0
                .signal
                .compare_exchange(0, signal.max(1), Ordering::SeqCst, Ordering::SeqCst);
        if *phase != Phase::Writing {
            now(*phase);
        }
    }

    /// Fails with [`Stopped`] once a stop was asked.
    pub fn check(&self) -> io::Result<()> {
        match self.signal() {
            None => Ok(()),
            Some(s) => Err(io::Error::other(Stopped(s))),
        }
    }

    /// Enters the write phase, unless a stop was asked already.
    pub(crate) fn begin_writing(&self) -> crate::Result<()> {
        let mut phase = self.0.phase.lock().expect("phase");
        if let Some(signal) = self.signal() {
            return Err(crate::Error::Interrupted { signal });
        }
        *phase = Phase::Writing;
        Ok(())
    }

    /// Leaves the write phase (the export is complete, or it failed and was cleaned up).
    pub(crate) fn end_writing(&self) {
        *self.0.phase.lock().expect("phase") = Phase::Done;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_stops_at_once_outside_the_write_phase_only() {
        let stop = Stop::new();
        assert!(stop.check().is_ok());
        let mut called = None;
        stop.request(2, |p| called = Some(p));
        assert_eq!(called, Some(Phase::Before));
        assert_eq!(stop.signal(), Some(2));
        // The first request is kept; writing cannot begin once one was made.
        stop.request(15, |_| {});
        assert_eq!(stop.signal(), Some(2));
        assert!(matches!(
            stop.begin_writing(),
            Err(crate::Error::Interrupted { signal: 2 })
        ));

        let stop = Stop::new();
        stop.begin_writing().unwrap();
        stop.request(15, |_| panic!("not called while writing"));
        let e = stop.check().unwrap_err();
        assert_eq!(
            e.get_ref().unwrap().downcast_ref::<Stopped>().unwrap().0,
            15
        );
        stop.end_writing();
        let mut called = None;
        stop.request(2, |p| called = Some(p));
        assert_eq!(called, Some(Phase::Done));
    }
}
