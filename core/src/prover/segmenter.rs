//! Turns a run into segment traces, one segment at a time: records the next segment of cycles
//! from where the last one stopped, resolves its memory accesses against every cell's state
//! carried over from earlier segments, and fills its instruction and I/O components. The last
//! segment also gets the boundary and table components, whose multiplicities count the
//! lookups of the whole run.

use super::ProveError;
use crate::air::trace::{boundary_traces, check_supported, step_traces, ComponentTrace};
use crate::air::witness::{Lookups, Witness, WitnessBuilder};
use crate::emulator::{ExecError, Input, RunOptions, SegmentRecorder};
use crate::program::Program;

/// A run, a segment at a time.
pub(crate) struct Segmenter<'a> {
    program: &'a Program,
    recorder: SegmentRecorder<'a>,
    witness: Option<WitnessBuilder<'a>>,
    lookups: Lookups,
    exit_code: u32,
    segment_cycles: u64,
}

impl<'a> Segmenter<'a> {
    /// The start of a run that exits with `exit_code` after reading `private_input_read`
    /// bytes of private input (both from the counting pass), in segments of `segment_cycles`.
    pub(crate) fn new(
        program: &'a Program,
        input: Input<'a>,
        options: &RunOptions,
        exit_code: u32,
        private_input_read: u32,
        segment_cycles: u64,
    ) -> Result<Segmenter<'a>, ExecError> {
        Ok(Segmenter {
            program,
            recorder: SegmentRecorder::new(program, input, options)?,
            witness: Some(WitnessBuilder::new(
                program,
                input.public.len() as u32,
                private_input_read,
            )),
            lookups: Lookups::default(),
            exit_code,
            segment_cycles,
        })
    }

    /// The next segment's traces, or `None` after the last one.
    pub(crate) fn next(&mut self) -> Result<Option<Vec<ComponentTrace>>, ProveError> {
        let Some(builder) = self.witness.as_mut() else {
            return Ok(None);
        };
        let Some(record) = self.recorder.next(self.segment_cycles)? else {
            return Ok(None);
        };
        check_supported(&record)?;
        let steps = Witness {
            families: builder.steps(&record)?,
        };
        drop(record);
        let mut traces = step_traces(&steps, &mut self.lookups, self.exit_code);
        drop(steps);
        if self.finished() {
            if let Some(builder) = self.witness.take() {
                let (registers, ram) = builder.finish();
                traces.extend(boundary_traces(
                    self.program,
                    &self.lookups,
                    &registers,
                    &ram,
                    self.exit_code,
                ));
            }
        }
        Ok(Some(traces))
    }

    /// Whether the program has exited (the segment last returned was the last one).
    pub(crate) fn finished(&self) -> bool {
        self.recorder.exit_code().is_some()
    }
}
