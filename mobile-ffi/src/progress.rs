//! Progress reporting and cancellation for long proofs.
//!
//! Proving runs on the calling thread (the core has no threads), so an app calls `prove` from a
//! background thread, passes a [`ProgressListener`] to follow it, and keeps a [`CancelHandle`]
//! that any other thread (the UI) may cancel. Cancellation is checked at every progress report.

use crate::PocketVmError;
use std::sync::atomic::{AtomicBool, Ordering};

/// A phase of proving, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ProvePhase {
    /// Running the program (counting pass).
    Execute,
    /// Recording the run and building the traces.
    Trace,
    /// Committing the fixed and main traces.
    Commit,
    /// Building and committing the LogUp traces.
    Interaction,
    /// The STARK proof proper (composition, FRI, proof of work).
    Prove,
}

impl From<pocketvm_core::Phase> for ProvePhase {
    fn from(phase: pocketvm_core::Phase) -> ProvePhase {
        use pocketvm_core::Phase::*;
        match phase {
            Execute => ProvePhase::Execute,
            Trace => ProvePhase::Trace,
            Commit => ProvePhase::Commit,
            Interaction => ProvePhase::Interaction,
            Prove => ProvePhase::Prove,
        }
    }
}

/// Implemented by the app (in Kotlin, Swift or Python) to follow a proof. Called on the thread
/// that called `prove`. Throwing stops proving with `PocketVmError.Listener` (or with the
/// `PocketVmError` thrown).
#[uniffi::export(with_foreign)]
pub trait ProgressListener: Send + Sync {
    /// `fraction` of the whole job (0 to 1) is done; `phase` is starting or under way.
    fn on_progress(&self, phase: ProvePhase, fraction: f32) -> Result<(), PocketVmError>;
}

/// A flag that stops a running `prove` with `PocketVmError.Cancelled` at its next progress
/// report. Safe to share between threads; one handle per proof.
#[derive(Debug, Default, uniffi::Object)]
pub struct CancelHandle {
    cancelled: AtomicBool,
}

#[uniffi::export]
impl CancelHandle {
    /// A handle that has not been cancelled.
    #[uniffi::constructor]
    pub fn new() -> CancelHandle {
        CancelHandle::default()
    }

    /// Asks the proof using this handle to stop. Idempotent; callable from any thread.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether `cancel` has been called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}
