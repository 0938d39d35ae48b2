/* Sorting, the benchmarks' comparison-heavy workload: input n as 4
 * little-endian bytes (at most 65536); n values from a linear
 * congruential generator, sorted in place by heapsort (no recursion, no
 * extra memory); output the FNV-1a hash of the sorted values' bytes and a
 * sortedness flag, 8 bytes. */
#include <jolt.h>

#define MAX_N 65536
static uint32_t v[MAX_N];

static void sift_down(uint32_t *a, uint32_t start, uint32_t end) {
    uint32_t root = start;
    while (2 * root + 1 < end) {
        uint32_t child = 2 * root + 1;
        if (child + 1 < end && a[child] < a[child + 1]) child++;
        if (a[root] >= a[child]) return;
        uint32_t t = a[root];
        a[root] = a[child];
        a[child] = t;
        root = child;
    }
}

int main(void) {
    uint32_t n = 0;
    if (jolt_input_len() >= 4) memcpy(&n, jolt_input(), 4);
    if (n > MAX_N) n = MAX_N;
    uint32_t x = 12345;
    for (uint32_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        v[i] = x;
    }
    for (uint32_t i = n / 2; i-- > 0;) sift_down(v, i, n);
    for (uint32_t end = n; end > 1; end--) {
        uint32_t t = v[0];
        v[0] = v[end - 1];
        v[end - 1] = t;
        sift_down(v, 0, end - 1);
    }
    uint32_t hash = 2166136261u, sorted = 1;
    for (uint32_t i = 0; i < n; i++) {
        if (i > 0 && v[i - 1] > v[i]) sorted = 0;
        for (int b = 0; b < 4; b++) {
            hash ^= (v[i] >> (8 * b)) & 0xff;
            hash *= 16777619u;
        }
    }
    jolt_write_output(&hash, 4);
    jolt_write_output(&sorted, 4);
    return 0;
}
