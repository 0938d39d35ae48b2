/* The M extension on edge cases (by inline assembly: division by zero and
 * overflow reach the instruction), and 64-bit multiply and divide through
 * the runtime's helpers. */
#include <stdint.h>

static volatile uint32_t vals[8] = {0, 1, 0x80000000u, 0xFFFFFFFFu, 7, 0xFFFFFFF9u, 0x12345678u, 0x7FFFFFFFu};

#define OP(ins, a, b)                                                        \
    ({                                                                       \
        uint32_t r_;                                                         \
        __asm__ volatile(ins " %0, %1, %2" : "=r"(r_) : "r"(a), "r"(b));     \
        r_;                                                                  \
    })

uint32_t compute(void) {
    uint32_t acc = 0;
    for (int i = 0; i < 8; i++) {
        for (int j = 0; j < 8; j += 3) {
            uint32_t a = vals[i], b = vals[j];
            acc = acc * 3 + OP("mul", a, b);
            acc ^= OP("mulh", a, b);
            acc += OP("mulhsu", a, b);
            acc ^= OP("mulhu", a, b);
            acc += OP("div", a, b);
            acc ^= OP("divu", a, b);
            acc += OP("rem", a, b);
            acc ^= OP("remu", a, b);
        }
    }
    uint64_t x = ((uint64_t)vals[6] << 32) | vals[3];
    uint64_t y = ((uint64_t)vals[4] << 20) | 5;
    acc += (uint32_t)(x / y) ^ (uint32_t)((x / y) >> 32);
    acc += (uint32_t)(x % y);
    acc += (uint32_t)((int64_t)x / (int64_t)y);
    acc += (uint32_t)(x * y >> 17);
    return acc;
}
