/* Byte and half-word memory operations: fill, set, copy (unaligned),
 * overlapping move, half-word copies and a sign-extending half-word load.
 * Input: an optional seed byte. Output: the 168 bytes a ++ b ++ g. */
#include <jolt.h>

int main(void) {
    uint8_t seed = jolt_input_len() > 0 ? jolt_input()[0] : 0;
    uint8_t a[64], b[64];
    volatile uint16_t h[16];
    uint16_t g[20];
    for (int i = 0; i < 64; i++) {
        a[i] = (uint8_t)(i * 7 + 1 + seed);
    }
    memset(&a[5], 0xAB, 20);
    memset(b, 0, sizeof b);
    memcpy(&b[3], &a[0], 50);
    memmove(&b[10], &b[0], 40);
    for (int i = 0; i < 16; i++) {
        h[i] = (uint16_t)(i * 0x0123 + 0x8001 + seed);
    }
    memset(g, 0, sizeof g);
    for (int i = 0; i < 16; i++) {
        g[i + 2] = h[i] ^ 0x00FF;
    }
    g[0] = (uint16_t)((int16_t)h[3] >> 3);
    jolt_write_output(a, 64);
    jolt_write_output(b, 64);
    jolt_write_output(g, 40);
    return 0;
}
