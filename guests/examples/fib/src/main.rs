//! PocketVM example: Fibonacci numbers.
//!
//! Public input: `n` in decimal ASCII digits, optionally surrounded by ASCII
//! whitespace (space, `\t`, `\n`, `\r`, form feed); anything else panics.
//! Public output: F(n) mod 2^32 in decimal ASCII, then `\n`
//! (F(0) = 0, F(1) = 1). The loop runs n times, so the cycle count grows
//! linearly with n.

#![no_std]
#![no_main]

use pocketvm_guest::{entry, read_input, write_output};

entry!(main);

fn main() {
    let input = read_input();
    let n = parse_decimal(&input);
    let mut text = [0u8; 11];
    write_output(format_decimal(fib(n), &mut text));
}

/// F(n) mod 2^32, by n wrapping additions.
fn fib(n: u32) -> u32 {
    let (mut a, mut b) = (0u32, 1u32);
    for _ in 0..n {
        let next = a.wrapping_add(b);
        a = b;
        b = next;
    }
    a
}

/// Parses `n` from digits with optional surrounding ASCII whitespace.
fn parse_decimal(input: &[u8]) -> u32 {
    let digits = input.trim_ascii();
    if digits.is_empty() {
        panic!("fib: the public input holds no number; expected n in decimal ASCII");
    }
    let mut n: u32 = 0;
    for &byte in digits {
        if !byte.is_ascii_digit() {
            panic!(
                "fib: the public input has byte 0x{byte:02x}, which is not a decimal digit; \
                 expected n in decimal ASCII, optionally surrounded by whitespace"
            );
        }
        n = match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u32::from(byte - b'0')))
        {
            Some(n) => n,
            None => panic!("fib: n is larger than 4294967295"),
        };
    }
    n
}

/// Writes `value` in decimal followed by `\n` to the end of `buf` and
/// returns that part.
fn format_decimal(mut value: u32, buf: &mut [u8; 11]) -> &[u8] {
    let mut start = buf.len() - 1;
    buf[start] = b'\n';
    loop {
        start -= 1;
        buf[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            return &buf[start..];
        }
    }
}
