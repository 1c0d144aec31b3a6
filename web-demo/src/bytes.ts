// Byte helpers for the page: text ⇄ bytes ⇄ hex.

const encoder = new TextEncoder();

export function textToBytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** UTF-8 text, or null when the bytes are not valid UTF-8. */
export function bytesToText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Hex in groups of 4 bytes (8 digits), for reading. */
export function toGroupedHex(bytes: Uint8Array): string {
  return toHex(bytes).replace(/(.{8})(?=.)/g, "$1 ");
}

/** Parses hex digits; whitespace and an optional leading 0x are ignored. Throws on bad hex. */
export function hexToBytes(hex: string): Uint8Array {
  const digits = hex.replace(/^\s*0x/i, "").replace(/\s+/g, "");
  const bad = digits.search(/[^0-9a-fA-F]/);
  if (bad >= 0) throw new Error(`"${digits[bad]}" is not a hex digit`);
  if (digits.length % 2 !== 0) throw new Error(`odd number of hex digits (${digits.length})`);
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** True when the text is printable (no control characters other than tab and newlines). */
export function isPrintable(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.test(text);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
}

export function u32le(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24)) >>> 0;
}
