/* Sorting: input is an array of little-endian u32 (when empty, 64 values
 * from a linear congruential generator); output is the sorted array. */
#include <jolt.h>

static uint32_t v[1024];

int main(void) {
    uint32_t n = jolt_input_len() / 4;
    if (n > 1024) {
        n = 1024;
    }
    if (n > 0) {
        memcpy(v, jolt_input(), n * 4);
    } else {
        uint32_t x = 12345;
        n = 64;
        for (uint32_t i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            v[i] = x;
        }
    }
    for (uint32_t i = 1; i < n; i++) {
        uint32_t key = v[i];
        uint32_t j = i;
        while (j > 0 && v[j - 1] > key) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = key;
    }
    jolt_write_output(v, n * 4);
    return 0;
}
