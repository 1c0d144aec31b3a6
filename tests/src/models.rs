//! Host-side models of the example guests' documented outputs (guests/README.md), written
//! independently of the guests, for checking PocketVM and qemu against.

/// The fib guest's output number: F(n) mod 2^32 with F(0) = 0, F(1) = 1.
pub fn fib(n: u32) -> u32 {
    let (mut a, mut b) = (0u32, 1u32);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    a
}

/// The sort guest's output: the word count, then Σ (i + 1)·v[i] over the sorted words, both as
/// u32 little-endian. A trailing partial word is ignored (the guest panics on it instead).
pub fn sort_output(private: &[u8]) -> Vec<u8> {
    let mut words: Vec<u32> = private
        .chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
        .collect();
    words.sort_unstable();
    let checksum = words.iter().zip(1u32..).fold(0u32, |sum, (&v, weight)| {
        sum.wrapping_add(weight.wrapping_mul(v))
    });
    let mut out = (words.len() as u32).to_le_bytes().to_vec();
    out.extend_from_slice(&checksum.to_le_bytes());
    out
}

/// CRC-32 as zlib computes it (reflected polynomial 0xedb88320, initial value and final xor all
/// ones), bit by bit.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = u32::MAX;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The crc32 guest's output: the CRC as 8 lowercase hex digits and a newline.
pub fn crc32_output(bytes: &[u8]) -> Vec<u8> {
    format!("{:08x}\n", crc32(bytes)).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_match_published_values() {
        assert_eq!(fib(10), 55);
        assert_eq!(fib(47), 2_971_215_073); // the last Fibonacci number below 2^32
        assert_eq!(fib(48), 2_971_215_073u32.wrapping_add(1_836_311_903));
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926); // the standard check value
        assert_eq!(
            sort_output(&[2, 0, 0, 0, 1, 0, 0, 0]),
            [2, 0, 0, 0, 5, 0, 0, 0]
        ); // 1·1 + 2·2
    }
}
