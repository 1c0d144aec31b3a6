/*
 * crc32.c: PocketVM example in C.
 *
 * Public input: any bytes. Public output: their CRC-32 (the IEEE/zlib one,
 * as Python's zlib.crc32: reflected polynomial 0xEDB88320, initial value
 * and final xor 0xFFFFFFFF) as 8 lowercase hex digits and "\n". Exit code 0.
 */
#include "pocketvm.h"

static uint32_t table[256];
static unsigned char chunk[4096];

static void make_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}

int main(void)
{
    static const char hex[16] = "0123456789abcdef";
    uint32_t crc = 0xFFFFFFFFu;
    size_t n;

    make_table();
    do {
        n = pvm_read_input(chunk, sizeof chunk);
        for (size_t i = 0; i < n; i++)
            crc = table[(crc ^ chunk[i]) & 0xFF] ^ (crc >> 8);
    } while (n == sizeof chunk);
    crc ^= 0xFFFFFFFFu;

    char line[9];
    for (int i = 0; i < 8; i++)
        line[i] = hex[(crc >> (28 - 4 * i)) & 0xF];
    line[8] = '\n';
    pvm_write_output(line, sizeof line);
    return 0;
}
