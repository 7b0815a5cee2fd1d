//! Progress of long work (loading, indexing, generating, exporting), shown on a terminal only.
//!
//! The library reports phases through the [`Progress`] trait; the command line chooses a
//! [`TerminalProgress`] when standard error is a terminal and logs are text, and [`Silent`]
//! otherwise, so that pipes, files and JSON logs get no bars.

use std::io::IsTerminal;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Receives the progress of long work, one phase at a time.
pub trait Progress: Sync {
    /// A phase starts; `total` is its size in units (bytes or items), 0 when unknown.
    fn start(&self, phase: &str, total: u64);
    /// `done` more units of the current phase are done.
    fn advance(&self, done: u64);
    /// The current phase is over.
    fn finish(&self);
}

/// Shows nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// Draws a bar per phase on standard error.
#[derive(Debug, Default)]
pub struct TerminalProgress {
    bar: Mutex<Option<ProgressBar>>,
}

impl TerminalProgress {
    /// A terminal progress display when standard error is a terminal, otherwise a silent one.
    pub fn when_terminal(enabled: bool) -> Box<dyn Progress> {
        if enabled && std::io::stderr().is_terminal() {
            Box::new(TerminalProgress::default())
        } else {
            Box::new(Silent)
        }
    }

    fn with_bar(&self, f: impl FnOnce(&mut Option<ProgressBar>)) {
        // A poisoned lock only means another thread panicked while drawing: keep drawing.
        let mut bar = self.bar.lock().unwrap_or_else(|poison| poison.into_inner());
        f(&mut bar);
    }
}

impl Progress for TerminalProgress {
    fn start(&self, phase: &str, total: u64) {
        let bar = if total > 0 {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{msg:28} [{bar:30}] {percent:>3}% {elapsed_precise} (eta {eta})",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        } else {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{msg:28} {spinner} {elapsed_precise}")
            {
                bar.set_style(style);
            }
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        };
        bar.set_message(phase.to_owned());
        self.with_bar(|slot| {
            if let Some(old) = slot.replace(bar) {
                old.finish_and_clear();
            }
        });
    }

    fn advance(&self, done: u64) {
        self.with_bar(|slot| {
            if let Some(bar) = slot {
                bar.inc(done);
            }
        });
    }

    fn finish(&self) {
        self.with_bar(|slot| {
            if let Some(bar) = slot.take() {
                bar.finish_and_clear();
            }
        });
    }
}
