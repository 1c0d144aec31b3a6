/*
 * start.S: entry point of a PocketVM C guest.
 *
 * Sets sp to _stack_top (from pocketvm.ld), calls `int main(void)` and
 * exits with its return value. .bss is not cleared because memory starts
 * zeroed, both in PocketVM and under qemu-user. gp is left alone:
 * pocketvm.ld defines no __global_pointer$, so nothing is gp-relative.
 *
 * The .file directive names this file in the symbol table; without it GNU
 * ld would name the temporary object instead, a random name that would
 * make the ELF differ from build to build.
 */
    .file "start.S"
    .section .text._start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    la    sp, _stack_top
    call  main
    /* a0 holds main's return value: exit(a0). */
    li    a7, 93
    ecall
1:  j     1b
    .size _start, . - _start
