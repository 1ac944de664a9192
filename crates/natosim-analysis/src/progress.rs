//! Progress reporting and cancellation: one handle for every front end.
//!
//! A long analysis reports how far it got after each chunk of evaluations and
//! checks, at the same points, whether it should stop. A CLI adapts
//! [`ProgressSink`] to a progress bar; a server stores the numbers for a
//! status endpoint and sets the cancel flag from another request. Checks are
//! per chunk (1–2 thousand runs), so cancellation takes effect within one
//! chunk's time and costs nothing per run.

use crate::AnalysisError;
use std::sync::atomic::{AtomicBool, Ordering};

/// Receives progress of a job: its total, then the number done so far.
///
/// Both methods have empty defaults so that a sink only implements what it shows.
pub trait ProgressSink: Sync {
    /// The job `what` has `total` units of work (runs or evaluations).
    fn start(&self, total: u64, what: &str) {
        let _ = (total, what);
    }
    /// `done` units are complete (monotone, ends at the total).
    fn advance(&self, done: u64) {
        let _ = done;
    }
}

/// The progress and cancellation handle passed to every long computation.
#[derive(Clone, Copy, Default)]
pub struct Progress<'a> {
    sink: Option<&'a dyn ProgressSink>,
    cancel: Option<&'a AtomicBool>,
}

impl std::fmt::Debug for Progress<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("sink", &self.sink.is_some())
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl<'a> Progress<'a> {
    /// No reporting, no cancellation.
    pub fn none() -> Progress<'static> {
        Progress::default()
    }

    /// Reports to `sink`.
    pub fn new(sink: &'a dyn ProgressSink) -> Progress<'a> {
        Progress {
            sink: Some(sink),
            cancel: None,
        }
    }

    /// Also stops the job, with [`AnalysisError::Cancelled`], once `flag` is set.
    pub fn with_cancel(self, flag: &'a AtomicBool) -> Progress<'a> {
        Progress {
            cancel: Some(flag),
            ..self
        }
    }

    /// The same cancel flag, reporting to `sink` instead: for a step that
    /// rescales the numbers before passing them on.
    pub fn reporting_to<'b>(&self, sink: &'b dyn ProgressSink) -> Progress<'b>
    where
        'a: 'b,
    {
        Progress {
            sink: Some(sink),
            cancel: self.cancel,
        }
    }

    /// Announces the job's total.
    pub fn start(&self, total: u64, what: &str) {
        if let Some(s) = self.sink {
            s.start(total, what);
        }
    }

    /// Reports `done` units complete.
    pub fn advance(&self, done: u64) {
        if let Some(s) = self.sink {
            s.advance(done);
        }
    }

    /// Whether the cancel flag is set.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// `Err(Cancelled)` once the cancel flag is set: called between chunks.
    pub fn check(&self) -> Result<(), AnalysisError> {
        if self.is_cancelled() {
            Err(AnalysisError::Cancelled)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Log(Mutex<Vec<(u64, String)>>);

    impl ProgressSink for Log {
        fn start(&self, total: u64, what: &str) {
            self.0.lock().unwrap().push((total, what.to_string()));
        }
        fn advance(&self, done: u64) {
            self.0.lock().unwrap().push((done, String::new()));
        }
    }

    #[test]
    fn forwards_to_the_sink_and_checks_the_flag() {
        let log = Log::default();
        let flag = AtomicBool::new(false);
        let p = Progress::new(&log).with_cancel(&flag);
        p.start(10, "job");
        p.advance(4);
        assert!(p.check().is_ok());
        flag.store(true, Ordering::Relaxed);
        assert!(matches!(p.check(), Err(AnalysisError::Cancelled)));
        assert_eq!(
            *log.0.lock().unwrap(),
            vec![(10, "job".to_string()), (4, String::new())]
        );
        assert!(Progress::none().check().is_ok());
    }
}
