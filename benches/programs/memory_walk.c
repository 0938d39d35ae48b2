/* A memory-heavy workload: input n as 4 little-endian bytes; n steps of a
 * pseudo-random walk over a 256 KiB table, each a word load, a word store
 * and a byte store at addresses a generator picks, so nearly every cycle
 * group touches a new RAM cell. Output: a checksum of the table, 4 bytes. */
#include <jolt.h>

#define WORDS (1u << 16)
static uint32_t table[WORDS];

int main(void) {
    uint32_t n = 0;
    if (jolt_input_len() >= 4) memcpy(&n, jolt_input(), 4);
    uint32_t x = 0x9e3779b9u;
    for (uint32_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        uint32_t a = x & (WORDS - 1);
        uint32_t b = (x >> 16) & (WORDS - 1);
        table[a] += x;
        ((volatile uint8_t *)table)[4 * b + (x & 3)] = (uint8_t)i;
    }
    uint32_t sum = 0;
    for (uint32_t i = 0; i < WORDS; i += 1021) sum = sum * 31 + table[i];
    jolt_write_output(&sum, 4);
    return 0;
}
