/* Fibonacci: input n as 4 little-endian bytes (10 when absent); output
 * fib(n) modulo 2^64 as 8 little-endian bytes. */
#include <jolt.h>

int main(void) {
    uint32_t n = 10;
    if (jolt_input_len() >= 4) {
        memcpy(&n, jolt_input(), 4);
    }
    uint64_t x = 0, y = 1;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t z = x + y;
        x = y;
        y = z;
    }
    jolt_write_output(&x, 8);
    return 0;
}
