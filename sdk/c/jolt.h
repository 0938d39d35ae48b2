/*
 * jolt.h: the guest ABI for C guests of the Jolt-style zkVM.
 *
 * A C guest defines `int main(void)`. Returning 0 halts normally; any other
 * value sets the panic flag and halts. Input and output are memory-mapped
 * just below RAM; every address comes from the __jolt_* absolute symbols
 * that the sdk's linker script defines from jolt_core::MemoryLayout, so this
 * header holds no numeric constant of the memory map.
 *
 * Build with `jolt build prog.c [more.c ...] -o prog.elf`. The sdk links
 * start-up code and a small runtime providing memcpy, memmove, memset,
 * memcmp and the 64-bit division helpers, so ordinary C builds without
 * extra flags. There is no libc: no malloc, no printf (jolt_print shows
 * text on the host), no files.
 */
#ifndef JOLT_H
#define JOLT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Absolute symbols from the linker script; only their addresses matter. */
extern char __jolt_RAM_BASE[], __jolt_RAM_SIZE[], __jolt_STACK_TOP[];
extern char __jolt_TERMINATION[], __jolt_PANIC[];
extern char __jolt_OUTPUT_LEN[], __jolt_INPUT_LEN[];
extern char __jolt_OUTPUT_START[], __jolt_INPUT_START[];
extern char __jolt_MAX_OUTPUT[], __jolt_MAX_INPUT[];
extern char __jolt_DEBUG_PORT[];

#define JOLT_SYM(s) ((uint32_t)(uintptr_t)(s))
/* Maximum input and output sizes in bytes (statement fields). */
#define JOLT_MAX_INPUT JOLT_SYM(__jolt_MAX_INPUT)
#define JOLT_MAX_OUTPUT JOLT_SYM(__jolt_MAX_OUTPUT)

/* Number of input bytes. */
static inline uint32_t jolt_input_len(void) {
    return *(volatile const uint32_t *)__jolt_INPUT_LEN;
}

/* The input bytes. The region is writable memory; the statement fixes
 * only its initial contents. */
static inline const uint8_t *jolt_input(void) {
    return (const uint8_t *)__jolt_INPUT_START;
}

/* Number of output bytes written so far. */
static inline uint32_t jolt_output_len(void) {
    return *(volatile const uint32_t *)__jolt_OUTPUT_LEN;
}

/* Appends len bytes to the output; panics if they do not fit. */
void jolt_write_output(const void *data, uint32_t len);

/* Shows len bytes at s on the host (the tracer prints them; `jolt run`
 * and `jolt trace` show them). Not part of the statement: a proof says
 * nothing about this text. Two stores, whatever the length. */
static inline void jolt_print(const char *s, uint32_t len) {
    volatile uint32_t *port = (volatile uint32_t *)__jolt_DEBUG_PORT;
    port[0] = (uint32_t)(uintptr_t)s;
    port[1] = len;
}

/* jolt_print of a NUL-terminated string. */
static inline void jolt_puts(const char *s) {
    uint32_t n = 0;
    while (s[n]) n++;
    jolt_print(s, n);
}

/* Stops the guest. */
__attribute__((noreturn)) void jolt_halt(void);

/* Sets the panic flag and stops the guest. */
__attribute__((noreturn)) void jolt_panic(void);

/* Provided by the sdk's runtime (there is no libc). */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* JOLT_H */
