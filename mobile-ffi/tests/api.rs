//! The library's API as Rust calls it (the same functions the generated Kotlin, Swift and
//! Python call): the fixture statement reproduced byte for byte, cancellation, a failing
//! listener, and every typed error a caller can provoke.

use pocketvm_ffi::*;
use std::sync::Arc;

const FIB: &[u8] = include_bytes!("../../tests/fixtures/elf/fib.elf");
const FIB_10_PROOF: &[u8] = include_bytes!("../../tests/fixtures/proofs/fib-10.proof");

struct Recorder(std::sync::Mutex<Vec<ProvePhase>>);

impl ProgressListener for Recorder {
    fn on_progress(&self, phase: ProvePhase, _fraction: f32) -> Result<(), PocketVmError> {
        self.0
            .lock()
            .map_err(|_| PocketVmError::Cancelled)?
            .push(phase);
        Ok(())
    }
}

#[test]
fn proves_the_fixture_statement_byte_for_byte() {
    let recorder = Arc::new(Recorder(Default::default()));
    let listener: Arc<dyn ProgressListener> = recorder.clone();
    let result = prove(
        FIB.to_vec(),
        Some(b"10".to_vec()),
        None,
        None,
        false,
        Some(listener),
        None,
    )
    .unwrap();
    assert_eq!(result.proof, FIB_10_PROOF);
    assert_eq!(result.output, b"55\n");
    let phases = recorder.0.lock().unwrap().clone();
    assert_eq!(phases.first(), Some(&ProvePhase::Execute));
    assert_eq!(phases.last(), Some(&ProvePhase::Prove));
    let checked = verify(FIB.to_vec(), result.proof, Some(b"10".to_vec())).unwrap();
    assert_eq!(checked.cycles, result.cycles);
}

#[test]
fn a_cancelled_handle_stops_before_any_work() {
    let handle = Arc::new(CancelHandle::new());
    handle.cancel();
    let outcome = prove(FIB.to_vec(), None, None, None, false, None, Some(handle));
    assert_eq!(outcome.unwrap_err(), PocketVmError::Cancelled);
}

#[test]
fn a_failing_listener_reports_its_own_error() {
    struct Refuses;
    impl ProgressListener for Refuses {
        fn on_progress(&self, phase: ProvePhase, _: f32) -> Result<(), PocketVmError> {
            match phase {
                ProvePhase::Commit => Err(PocketVmError::Listener {
                    reason: "no".into(),
                }),
                _ => Ok(()),
            }
        }
    }
    let outcome = prove(
        FIB.to_vec(),
        Some(b"10".to_vec()),
        None,
        None,
        false,
        Some(Arc::new(Refuses)),
        None,
    );
    let expected = PocketVmError::Listener {
        reason: "no".into(),
    };
    assert_eq!(outcome.unwrap_err(), expected);
}

#[test]
fn errors_are_typed() {
    assert!(matches!(
        program_digest(b"\x7fELF".to_vec()),
        Err(PocketVmError::MalformedProgram { .. })
    ));
    assert!(matches!(
        run(FIB.to_vec(), Some(b"1000".to_vec()), None, Some(10)),
        Err(PocketVmError::CycleLimit { limit: 10, .. })
    ));
    assert!(matches!(
        verify(FIB.to_vec(), FIB_10_PROOF.to_vec(), Some(b"11".to_vec())),
        Err(PocketVmError::InvalidProof { .. })
    ));
    assert!(matches!(
        verify(FIB.to_vec(), b"PVMPROOF".to_vec(), None),
        Err(PocketVmError::MalformedProof { .. })
    ));
    assert!(matches!(
        verify_with_digest(vec![0; 3], FIB_10_PROOF.to_vec(), None),
        Err(PocketVmError::InvalidArgument { .. })
    ));
    let trace = uniffi::UnexpectedUniFFICallbackError {
        reason: "java.lang.IllegalStateException: boom\n\tat Foo.bar(Foo.kt:1)".into(),
    };
    assert_eq!(
        PocketVmError::from(trace),
        PocketVmError::Listener {
            reason: "java.lang.IllegalStateException: boom".into()
        }
    );
    assert_eq!(security_bits(), 96);
}
