//! The one progress bar of the CLI: indicatif behind the library's
//! [`ProgressSink`], so every long command reports the same way.

use indicatif::{ProgressBar, ProgressStyle};
use natosim_analysis::ProgressSink;

/// A progress bar on stderr (drawn only when stderr is a terminal).
pub struct Bar {
    bar: ProgressBar,
    unit: &'static str,
}

impl Bar {
    /// A bar counting `unit`s (e.g. "runs"); the library announces the total
    /// through [`ProgressSink::start`], or the caller through `total`.
    pub fn new(unit: &'static str, total: u64, what: &str) -> Bar {
        let b = Bar {
            bar: ProgressBar::new(total),
            unit,
        };
        b.start(total, what);
        b
    }

    /// Moves the bar to `done`.
    pub fn set_position(&self, done: u64) {
        self.bar.set_position(done);
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl ProgressSink for Bar {
    fn start(&self, total: u64, what: &str) {
        let template = format!(
            "{{spinner}} {{msg}} [{{bar:30}}] {{pos}}/{{len}} {} ({{eta}} left)",
            self.unit
        );
        if let Ok(style) = ProgressStyle::with_template(&template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.set_length(total);
        self.bar.set_message(what.to_string());
    }

    fn advance(&self, done: u64) {
        self.bar.set_position(done);
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        // Also on errors: never leave a half-drawn bar above the message.
        self.bar.finish_and_clear();
    }
}
