/* Runtime of C guests: the ABI's output, halt and panic, and the helpers a
 * compiler expects from libc and its runtime library (memcpy and friends,
 * 64-bit division). Compiled with -ffreestanding -fno-builtin so the loops
 * below are not turned back into calls to themselves. */
#include "jolt.h"

/* Halt and panic are weak so that a hosted test build (QEMU user mode, see
 * sdk/tests) can replace them with system calls. */
__attribute__((weak)) void jolt_halt(void) {
    *(volatile uint32_t *)__jolt_TERMINATION = 1;
    for (;;) {
    }
}

__attribute__((weak)) void jolt_panic(void) {
    *(volatile uint32_t *)__jolt_PANIC = 1;
    jolt_halt();
}

void jolt_write_output(const void *data, uint32_t len) {
    uint32_t used = jolt_output_len();
    if (len > JOLT_MAX_OUTPUT - used) {
        jolt_panic();
    }
    volatile uint8_t *dst = (volatile uint8_t *)__jolt_OUTPUT_START + used;
    const uint8_t *src = (const uint8_t *)data;
    for (uint32_t i = 0; i < len; i++) {
        dst[i] = src[i];
    }
    *(volatile uint32_t *)__jolt_OUTPUT_LEN = used + len;
}

void *memcpy(void *dst, const void *src, size_t n) {
    uint8_t *d = (uint8_t *)dst;
    const uint8_t *s = (const uint8_t *)src;
    if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
        while (n >= 4) {
            *(uint32_t *)d = *(const uint32_t *)s;
            d += 4;
            s += 4;
            n -= 4;
        }
    }
    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
    uint8_t *d = (uint8_t *)dst;
    const uint8_t *s = (const uint8_t *)src;
    if (d == s || n == 0) {
        return dst;
    }
    if (d < s || d >= s + n) {
        return memcpy(dst, src, n);
    }
    while (n--) {
        d[n] = s[n];
    }
    return dst;
}

void *memset(void *dst, int c, size_t n) {
    uint8_t *d = (uint8_t *)dst;
    uint8_t b = (uint8_t)c;
    if (((uintptr_t)d & 3) == 0) {
        uint32_t w = b * 0x01010101u;
        while (n >= 4) {
            *(uint32_t *)d = w;
            d += 4;
            n -= 4;
        }
    }
    while (n--) {
        *d++ = b;
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
    const uint8_t *x = (const uint8_t *)a;
    const uint8_t *y = (const uint8_t *)b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) {
            return x[i] < y[i] ? -1 : 1;
        }
    }
    return 0;
}

/* 64-bit unsigned division with remainder, by shift and subtract; the
 * common case of a 32-bit dividend and divisor uses the hardware divide. */
uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem) {
    if (d == 0) {
        /* Match RISC-V's division by zero: quotient all ones, remainder n. */
        if (rem) {
            *rem = n;
        }
        return ~(uint64_t)0;
    }
    if ((n >> 32) == 0 && (d >> 32) == 0) {
        uint32_t q = (uint32_t)n / (uint32_t)d;
        if (rem) {
            *rem = (uint32_t)n % (uint32_t)d;
        }
        return q;
    }
    uint64_t q = 0, r = 0;
    for (int i = 63; i >= 0; i--) {
        r = (r << 1) | ((n >> i) & 1);
        if (r >= d) {
            r -= d;
            q |= (uint64_t)1 << i;
        }
    }
    if (rem) {
        *rem = r;
    }
    return q;
}

uint64_t __udivdi3(uint64_t n, uint64_t d) { return __udivmoddi4(n, d, 0); }

uint64_t __umoddi3(uint64_t n, uint64_t d) {
    uint64_t r;
    __udivmoddi4(n, d, &r);
    return r;
}

int64_t __divdi3(int64_t a, int64_t b) {
    uint64_t ua = a < 0 ? -(uint64_t)a : (uint64_t)a;
    uint64_t ub = b < 0 ? -(uint64_t)b : (uint64_t)b;
    uint64_t q = __udivmoddi4(ua, ub, 0);
    return (int64_t)(((a < 0) != (b < 0)) ? -q : q);
}

int64_t __moddi3(int64_t a, int64_t b) {
    uint64_t ua = a < 0 ? -(uint64_t)a : (uint64_t)a;
    uint64_t ub = b < 0 ? -(uint64_t)b : (uint64_t)b;
    uint64_t r;
    __udivmoddi4(ua, ub, &r);
    return (int64_t)(a < 0 ? -r : r);
}

int64_t __divmoddi4(int64_t a, int64_t b, int64_t *rem) {
    int64_t q = __divdi3(a, b);
    if (rem) {
        *rem = a - q * b;
    }
    return q;
}

/* 64-bit shifts and multiply, in case the compiler calls them. */
uint64_t __ashldi3(uint64_t a, int s) { return a << s; }
uint64_t __lshrdi3(uint64_t a, int s) { return a >> s; }
int64_t __ashrdi3(int64_t a, int s) { return a >> s; }
uint64_t __muldi3(uint64_t a, uint64_t b) { return a * b; }
