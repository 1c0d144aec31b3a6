/*
 * pocketvm.h: system calls for PocketVM guests written in C.
 *
 * A call is an `ecall` with the call number in a7 and arguments in a0..a2;
 * the numbers are Linux's, so the same ELF also runs under qemu-riscv32:
 *
 *   93 exit(code)            halts; the exit code is part of the statement
 *   63 read(fd, buf, len)    fd 0 public input, fd 3 private input;
 *                            returns bytes read, 0 at the end
 *   64 write(fd, buf, len)   fd 1 public output, fd 2 debug text;
 *                            returns len
 *
 * Buffers need no alignment. Link with start.S, mem.c and pocketvm.ld (see
 * guests/README.md); start.S calls `int main(void)` and exits with its
 * return value.
 *
 * Under qemu-user a call may move fewer bytes than asked, or fail with a
 * negative errno (for example when fd 3 was not opened with `3< file`).
 * The wrappers below loop over short transfers and treat an error as the
 * end of the stream.
 */
#ifndef POCKETVM_H
#define POCKETVM_H

#include <stddef.h>
#include <stdint.h>

#define PVM_SYS_EXIT  93
#define PVM_SYS_READ  63
#define PVM_SYS_WRITE 64

#define PVM_FD_PUBLIC_INPUT  0
#define PVM_FD_PUBLIC_OUTPUT 1
#define PVM_FD_DEBUG         2
#define PVM_FD_PRIVATE_INPUT 3

/* The raw three-argument system call; returns a0. */
static inline long pvm_syscall3(long number, long arg0, long arg1, long arg2)
{
    register long a0 __asm__("a0") = arg0;
    register long a1 __asm__("a1") = arg1;
    register long a2 __asm__("a2") = arg2;
    register long a7 __asm__("a7") = number;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

/* Reads from input stream `fd` until `len` bytes have arrived or the stream
   ends; returns the count. A result below `len` means the stream is
   exhausted. */
static inline size_t pvm__read_full(int fd, void *buf, size_t len)
{
    unsigned char *p = (unsigned char *)buf;
    size_t filled = 0;
    while (filled < len) {
        long n = pvm_syscall3(PVM_SYS_READ, fd, (long)(p + filled), (long)(len - filled));
        if (n <= 0)
            break;
        filled += (size_t)n;
    }
    return filled;
}

/* Writes all of buf[0..len) to output stream `fd`. */
static inline void pvm__write_all(int fd, const void *buf, size_t len)
{
    const unsigned char *p = (const unsigned char *)buf;
    while (len > 0) {
        long n = pvm_syscall3(PVM_SYS_WRITE, fd, (long)p, (long)len);
        if (n <= 0)
            return;
        p += n;
        len -= (size_t)n;
    }
}

/* Fills buf[0..len) from the public input; returns the bytes read, fewer
   than `len` only at the end of the input (0 once it is exhausted). */
static inline size_t pvm_read_input(void *buf, size_t len)
{
    return pvm__read_full(PVM_FD_PUBLIC_INPUT, buf, len);
}

/* Same for the private input, which only the prover knows. (Proofs are
   not zero-knowledge yet, so a proof may leak it.) */
static inline size_t pvm_read_private_input(void *buf, size_t len)
{
    return pvm__read_full(PVM_FD_PRIVATE_INPUT, buf, len);
}

/* Appends buf[0..len) to the public output, which a proof commits to. */
static inline void pvm_write_output(const void *buf, size_t len)
{
    pvm__write_all(PVM_FD_PUBLIC_OUTPUT, buf, len);
}

/* Writes buf[0..len) to the debug stream; the host prints it, unproven. */
static inline void pvm_debug(const char *buf, size_t len)
{
    pvm__write_all(PVM_FD_DEBUG, buf, len);
}

/* Writes a NUL-terminated string to the debug stream. */
static inline void pvm_debug_str(const char *text)
{
    size_t len = 0;
    while (text[len] != '\0')
        len++;
    pvm_debug(text, len);
}

/* Halts the machine with exit code `code`. */
static inline __attribute__((noreturn)) void pvm_exit(int code)
{
    register long a0 __asm__("a0") = code;
    register long a7 __asm__("a7") = PVM_SYS_EXIT;
    __asm__ volatile("ecall" : : "r"(a0), "r"(a7) : "memory");
    __builtin_unreachable();
}

#endif /* POCKETVM_H */
