/* Integer arithmetic, shifts, comparisons and branches driven by a linear
 * congruential generator. */
#include <stdint.h>

static volatile uint32_t sink[8];

uint32_t compute(void) {
    uint32_t x = 0x12345678u, acc = 0;
    for (int i = 0; i < 60; i++) {
        x = x * 1664525u + 1013904223u;
        uint32_t y = (x >> 7) | (x << 25);
        int32_t s = (int32_t)x >> (i & 31);
        acc += x ^ y;
        acc -= (uint32_t)s;
        acc ^= y << (x & 31);
        acc += y >> ((x >> 5) & 31);
        acc |= (uint32_t)((int32_t)acc < (int32_t)y);
        acc += (acc < x) ? 3u : 5u;
        if ((int32_t)x < 0) {
            acc &= ~y;
        } else {
            acc += 0x7ff;
        }
        sink[i & 7] = acc;
    }
    return acc;
}
