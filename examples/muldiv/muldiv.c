/* Multiplication and division edge cases: for each pair of a fixed list,
 * the eight M-extension instructions (by inline assembly, so division by
 * zero and overflow reach the hardware), then 64-bit multiply, divide and
 * remainder (unsigned and signed) through the compiler's helpers. Output:
 * 8 little-endian u32 per pair, then 5 little-endian u64 per pair. */
#include <jolt.h>

static volatile uint32_t pairs[12][2] = {
    {0, 0},
    {1, 0},
    {0x80000000u, 0xFFFFFFFFu},
    {0x80000000u, 1},
    {0xFFFFFFF9u, 2},
    {7, 0xFFFFFFFEu},
    {0xFFFFFFFFu, 0xFFFFFFFFu},
    {0x12345678u, 0x9ABCDEF0u},
    {0x7FFFFFFFu, 0x7FFFFFFFu},
    {5, 3},
    {0x80000000u, 0},
    {0xFFFFFFFBu, 0xFFFFFFFFu},
};

#define OP(ins, a, b)                                                        \
    ({                                                                       \
        uint32_t r_;                                                         \
        __asm__(ins " %0, %1, %2" : "=r"(r_) : "r"(a), "r"(b));              \
        r_;                                                                  \
    })

int main(void) {
    for (int i = 0; i < 12; i++) {
        uint32_t a = pairs[i][0], b = pairs[i][1];
        uint32_t r[8] = {
            OP("mul", a, b),  OP("mulh", a, b), OP("mulhsu", a, b), OP("mulhu", a, b),
            OP("div", a, b),  OP("divu", a, b), OP("rem", a, b),    OP("remu", a, b),
        };
        jolt_write_output(r, sizeof r);
    }
    for (int i = 0; i < 12; i++) {
        uint32_t a = pairs[i][0], b = pairs[i][1];
        uint64_t x = ((uint64_t)a << 32) | b;
        uint64_t y = ((uint64_t)b << 7) | 3;
        uint64_t r[5] = {
            x * y,
            x / y,
            x % y,
            (uint64_t)((int64_t)x / (int64_t)y),
            (uint64_t)((int64_t)x % (int64_t)y),
        };
        jolt_write_output(r, sizeof r);
    }
    return 0;
}
