"""Calls PocketVM through the generated Python bindings (uniffi), a second real caller of the
same library the Kotlin and Swift bindings load. Run by scripts/test-ffi.sh with the generated
module on PYTHONPATH."""

import hashlib
import pathlib
import threading
import unittest

import pocketvm

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"


def elf(name: str) -> bytes:
    return (FIXTURES / "elf" / name).read_bytes()


class ProveVerify(unittest.TestCase):
    def test_prove_and_verify_sha256_with_progress(self):
        data = bytes((i * 37) % 251 for i in range(256))
        seen = []

        class Listener(pocketvm.ProgressListener):
            def on_progress(self, phase, fraction):
                seen.append((phase, fraction))

        result = pocketvm.prove(elf("sha256.elf"), input=data, listener=Listener())
        self.assertEqual(result.output, hashlib.sha256(data).digest())
        self.assertEqual(result.exit_code, 0)
        self.assertEqual([p for p, _ in seen][0], pocketvm.ProvePhase.EXECUTE)
        self.assertEqual(seen[-1], (pocketvm.ProvePhase.PROVE, 1.0))
        checked = pocketvm.verify(elf("sha256.elf"), result.proof, input=data)
        self.assertEqual(checked.output, result.output)
        self.assertEqual(checked.cycles, result.cycles)
        self.assertGreaterEqual(checked.proven_bits, 96.0)
        with self.assertRaises(pocketvm.PocketVmError.InvalidProof):
            pocketvm.verify(elf("sha256.elf"), result.proof, input=data + b"!")

    def test_native_fixture_verifies_and_proofs_are_byte_identical(self):
        native = (FIXTURES / "proofs" / "fib-10.proof").read_bytes()
        checked = pocketvm.verify(elf("fib.elf"), native, input=b"10")
        self.assertEqual(checked.output, b"55\n")
        self.assertEqual(pocketvm.prove(elf("fib.elf"), input=b"10").proof, native)

    def test_every_byte_of_a_proof_header_matters(self):
        proof = pocketvm.prove(elf("fib.elf"), input=b"10").proof
        for at in range(0, 64):
            tampered = bytearray(proof)
            tampered[at] ^= 0x80
            with self.assertRaises((pocketvm.PocketVmError.InvalidProof, pocketvm.PocketVmError.MalformedProof)):
                pocketvm.verify(elf("fib.elf"), bytes(tampered), input=b"10")


class Errors(unittest.TestCase):
    def test_malformed_program(self):
        with self.assertRaises(pocketvm.PocketVmError.MalformedProgram):
            pocketvm.prove(b"\x7fELF not really")

    def test_cycle_limit(self):
        with self.assertRaises(pocketvm.PocketVmError.CycleLimit) as caught:
            pocketvm.run(elf("fib.elf"), input=b"1000", max_cycles=50)
        self.assertEqual(caught.exception.limit, 50)

    def test_malformed_proof(self):
        with self.assertRaises(pocketvm.PocketVmError.MalformedProof):
            pocketvm.verify(elf("fib.elf"), b"PVMPROOF", input=b"10")

    def test_bad_digest_length(self):
        with self.assertRaises(pocketvm.PocketVmError.InvalidArgument):
            pocketvm.verify_with_digest(b"\x00" * 31, b"", input=b"")

    def test_listener_exception_becomes_a_typed_error(self):
        class Failing(pocketvm.ProgressListener):
            def on_progress(self, phase, fraction):
                raise RuntimeError("listener broke")

        with self.assertRaises(pocketvm.PocketVmError.Listener):
            pocketvm.prove(elf("fib.elf"), input=b"10", listener=Failing())


class Cancellation(unittest.TestCase):
    def test_cancel_from_another_thread(self):
        handle = pocketvm.CancelHandle()
        started = threading.Event()
        outcome = {}

        class Listener(pocketvm.ProgressListener):
            def on_progress(self, phase, fraction):
                started.set()

        def work():
            try:
                pocketvm.prove(elf("fib.elf"), input=b"1000000", listener=Listener(), cancel=handle)
            except pocketvm.PocketVmError as e:
                outcome["error"] = e

        worker = threading.Thread(target=work)
        worker.start()
        self.assertTrue(started.wait(60))
        handle.cancel()
        worker.join(120)
        self.assertFalse(worker.is_alive())
        self.assertIsInstance(outcome.get("error"), pocketvm.PocketVmError.Cancelled)
        self.assertTrue(handle.is_cancelled())


if __name__ == "__main__":
    unittest.main()
