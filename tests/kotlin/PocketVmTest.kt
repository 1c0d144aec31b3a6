// Calls PocketVM through the generated Kotlin bindings (package uniffi.pocketvm, loaded with
// JNA), as an Android app would: prove and verify, every typed error, progress callbacks,
// cancellation from another thread, and byte-identity with the native proof fixture.
// Run by scripts/test-ffi.sh: `java ... PocketVmTestKt FIXTURES_DIR` runs the tests;
// `java ... PocketVmTestKt FIXTURES_DIR bench` proves sha256 over 2048 bytes and prints the time
// and the process's peak resident memory.

import java.io.File
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import uniffi.pocketvm.*

lateinit var fixtures: File

fun elf(name: String): ByteArray = File(fixtures, "elf/$name").readBytes()

fun text(bytes: ByteArray): String = String(bytes, Charsets.UTF_8)

/** Runs `block`, expects it to throw exactly `T`, and returns the exception. */
inline fun <reified T : PocketVmException> expectError(what: String, block: () -> Unit): T {
    try {
        block()
    } catch (e: PocketVmException) {
        check(e is T) { "$what: expected ${T::class.simpleName}, got ${e::class.simpleName}: ${e.message}" }
        println("    $what -> PocketVmException.${e::class.simpleName}: ${e.message}")
        return e
    }
    error("$what: expected ${T::class.simpleName}, but nothing was thrown")
}

/** fib.elf with its first instruction replaced by the all-zero word, which is illegal. */
fun fibWithIllegalEntry(): Pair<ByteArray, Long> {
    val bytes = elf("fib.elf")
    fun u32(at: Int) = (0..3).fold(0L) { acc, i -> acc or ((bytes[at + i].toLong() and 0xff) shl (8 * i)) }
    fun u16(at: Int) = (u32(at) and 0xffff).toInt()
    val entry = u32(0x18)
    val phoff = u32(0x1c).toInt()
    val phentsize = u16(0x2a)
    for (i in 0 until u16(0x2c)) {
        val ph = phoff + i * phentsize
        val (type, offset, vaddr, filesz) = listOf(u32(ph), u32(ph + 4), u32(ph + 8), u32(ph + 16))
        if (type == 1L && entry >= vaddr && entry < vaddr + filesz) {
            val at = (offset + entry - vaddr).toInt()
            for (k in 0..3) bytes[at + k] = 0
            return bytes to entry
        }
    }
    error("fib.elf: no loadable segment holds the entry point")
}

val tests = linkedMapOf<String, () -> Unit>()

fun main(args: Array<String>) {
    fixtures = File(args[0])
    if (args.getOrNull(1) == "bench") return bench()

    tests["version and security"] = {
        check(securityBits() == 96u) { "security ${securityBits()}" }
        check(version().matches(Regex("""\d+\.\d+\.\d+/\d+"""))) { version() }
    }
    tests["prove and verify fib(1000), with progress"] = {
        val phases = Collections.synchronizedList(mutableListOf<Pair<ProvePhase, Float>>())
        val listener = object : ProgressListener {
            override fun onProgress(phase: ProvePhase, fraction: Float) {
                phases.add(phase to fraction)
            }
        }
        val input = "1000".toByteArray()
        val result = prove(elf("fib.elf"), input = input, listener = listener)
        check(text(result.output) == "1556111435\n") { text(result.output) }
        val cycles = run(elf("fib.elf"), input = input).cycles
        check(result.exitCode == 0u && result.cycles == cycles) { "${result.exitCode} ${result.cycles} $cycles" }
        check(result.proveMs > 0.0)
        val seen = phases.map { it.first }.distinct()
        check(seen == ProvePhase.values().toList()) { "phases $seen" }
        val fractions = phases.map { it.second }
        check(fractions.zipWithNext().all { (a, b) -> a <= b } && fractions.last() == 1.0f) { "$fractions" }
        val checked = verify(elf("fib.elf"), result.proof, input = input)
        check(checked.output.contentEquals(result.output) && checked.exitCode == 0u && checked.cycles == cycles)
        check(checked.provenBits >= 96.0) { "proven bits ${checked.provenBits}" }
        // The same proof on another input is rejected.
        expectError<PocketVmException.InvalidProof>("verify on another input") {
            verify(elf("fib.elf"), result.proof, input = "1001".toByteArray())
        }
    }
    tests["native fixture verifies, and the Kotlin proof is byte-identical"] = {
        val native = File(fixtures, "proofs/fib-10.proof").readBytes()
        val checked = verify(elf("fib.elf"), native, input = "10".toByteArray())
        check(text(checked.output) == "55\n") { text(checked.output) }
        val mine = prove(elf("fib.elf"), input = "10".toByteArray())
        check(mine.proof.contentEquals(native)) { "the Kotlin proof differs from tests/fixtures/proofs/fib-10.proof" }
    }
    tests["embedded program, verified against its digest"] = {
        val digest = programDigest(elf("sort.elf"))
        check(digest.size == 32)
        val result = prove(elf("sort.elf"), input = byteArrayOf(3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0), embedProgram = true)
        val checked = verifyWithDigest(digest, result.proof, input = byteArrayOf(3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0))
        check(checked.output.contentEquals(result.output))
        expectError<PocketVmException.InvalidProof>("embedded proof against another digest") {
            verifyWithDigest(programDigest(elf("fib.elf")), result.proof, input = byteArrayOf(3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0))
        }
        expectError<PocketVmException.InvalidArgument>("a 5-byte digest") {
            verifyWithDigest(ByteArray(5), result.proof)
        }
    }
    tests["run without proving"] = {
        val result = run(elf("fib.elf"), input = "10".toByteArray())
        check(text(result.output) == "55\n" && result.exitCode == 0u) { "${text(result.output)} ${result.exitCode}" }
        val native = verify(elf("fib.elf"), File(fixtures, "proofs/fib-10.proof").readBytes(), input = "10".toByteArray())
        check(result.cycles == native.cycles) { "${result.cycles} cycles, the fixture proves ${native.cycles}" }
        val few = run(elf("fib.elf"), input = "10".toByteArray(), maxCycles = result.cycles)
        check(few.cycles == result.cycles)
    }
    tests["typed errors"] = {
        expectError<PocketVmException.MalformedProgram>("prove a malformed ELF") {
            prove(byteArrayOf(0x7f, 'E'.code.toByte(), 'L'.code.toByte(), 'F'.code.toByte(), 1, 2, 3))
        }
        expectError<PocketVmException.MalformedProgram>("digest of random bytes") {
            programDigest(ByteArray(100) { (it * 31).toByte() })
        }
        val (bad, entry) = fibWithIllegalEntry()
        val e = expectError<PocketVmException.Execution>("prove a program that executes an illegal instruction") {
            prove(bad, input = "10".toByteArray())
        }
        check(e.pc.toLong() == entry) { "pc ${e.pc} != entry $entry" }
        val limit = expectError<PocketVmException.CycleLimit>("prove with maxCycles = 100") {
            prove(elf("fib.elf"), input = "1000".toByteArray(), maxCycles = 100uL)
        }
        check(limit.limit == 100uL)
        val proof = prove(elf("fib.elf"), input = "10".toByteArray()).proof
        val tampered = proof.copyOf().also { it[it.size / 2] = (it[it.size / 2].toInt() xor 1).toByte() }
        expectError<PocketVmException>("verify a proof with one flipped bit") {
            verify(elf("fib.elf"), tampered, input = "10".toByteArray())
        }.let { check(it is PocketVmException.InvalidProof || it is PocketVmException.MalformedProof) }
        expectError<PocketVmException.InvalidProof>("verify a fib proof against another program") {
            verify(elf("crc32.elf"), proof, input = "10".toByteArray())
        }
        expectError<PocketVmException.MalformedProof>("verify random bytes") {
            verify(elf("fib.elf"), ByteArray(64) { 7 }, input = "10".toByteArray())
        }
        expectError<PocketVmException.MalformedProof>("verify a truncated proof") {
            verify(elf("fib.elf"), proof.copyOf(proof.size / 3), input = "10".toByteArray())
        }
        expectError<PocketVmException.InvalidArgument>("a 17 MiB input") {
            run(elf("sha256.elf"), input = ByteArray(17 shl 20))
        }
    }
    tests["a listener that throws stops the proof with a typed error"] = {
        val listener = object : ProgressListener {
            override fun onProgress(phase: ProvePhase, fraction: Float) {
                if (phase == ProvePhase.COMMIT) throw IllegalStateException("app gave up")
            }
        }
        val e = expectError<PocketVmException.Listener>("listener throws IllegalStateException") {
            prove(elf("fib.elf"), input = "10".toByteArray(), listener = listener)
        }
        check(e.reason.contains("app gave up")) { e.reason }
        val cancelling = object : ProgressListener {
            override fun onProgress(phase: ProvePhase, fraction: Float) {
                if (phase == ProvePhase.TRACE) throw PocketVmException.Cancelled()
            }
        }
        expectError<PocketVmException.Cancelled>("listener throws PocketVmException.Cancelled") {
            prove(elf("fib.elf"), input = "10".toByteArray(), listener = cancelling)
        }
    }
    tests["cancel a long proof from another thread"] = {
        val handle = CancelHandle()
        val started = CountDownLatch(1)
        val listener = object : ProgressListener {
            override fun onProgress(phase: ProvePhase, fraction: Float) = started.countDown()
        }
        var outcome: Throwable? = null
        var proverThread = ""
        val t0 = System.nanoTime()
        val worker = thread(name = "prover") {
            try {
                // fib(10^6): 5 M cycles, about a minute to prove in full.
                prove(elf("fib.elf"), input = "1000000".toByteArray(), listener = listener, cancel = handle)
            } catch (e: Throwable) {
                outcome = e
            }
            proverThread = Thread.currentThread().name
        }
        check(started.await(60, TimeUnit.SECONDS)) { "no progress" }
        handle.cancel()
        worker.join(120_000)
        check(!worker.isAlive) { "prove did not stop" }
        check(handle.isCancelled())
        check(outcome is PocketVmException.Cancelled) { "outcome $outcome" }
        println("    cancelled from thread main; prover thread '$proverThread' stopped after ${(System.nanoTime() - t0) / 1_000_000} ms")
        handle.close()
    }

    var failed = 0
    for ((name, body) in tests) {
        try {
            body()
            println("ok   $name")
        } catch (e: Throwable) {
            failed++
            println("FAIL $name: $e")
            e.printStackTrace()
        }
    }
    println("kotlin: ${tests.size - failed} passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}

/** Proves sha256 over 2048 bytes (the benchmark input) and prints time and peak memory. */
fun bench() {
    val input = ByteArray(2048) { ((it * 37) % 251).toByte() }
    val elf = elf("sha256.elf")
    val result = prove(elf, input = input)
    verify(elf, result.proof, input = input)
    val hwm = File("/proc/self/status").readLines().first { it.startsWith("VmHWM:") }
    println("kotlin/JVM sha256(2048 B): ${result.cycles} cycles, prove ${"%.0f".format(result.proveMs)} ms, proof ${result.proof.size} B, peak RSS ${hwm.substringAfter(':').trim()}")
}
