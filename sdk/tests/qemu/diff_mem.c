/* Byte, half-word and word loads and stores (signed and unsigned), and the
 * runtime's memcpy, memmove and memset, on a buffer in .bss. */
#include <stdint.h>
#include <stddef.h>

void *memcpy(void *, const void *, size_t);
void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);

static uint8_t buf[96];
static int16_t half[24];

uint32_t compute(void) {
    volatile uint8_t *vb = buf;
    for (int i = 0; i < 96; i++) {
        vb[i] = (uint8_t)(i * 37 + 200);
    }
    volatile int16_t *vh = half;
    for (int i = 0; i < 24; i++) {
        vh[i] = (int16_t)(i * 3001 - 30000);
    }
    memset(buf + 3, 0x81, 13);
    memcpy(buf + 40, buf + 1, 21);
    memmove(buf + 5, buf, 30);
    uint32_t acc = 0;
    for (int i = 0; i < 96; i++) {
        acc = acc * 31 + (int8_t)vb[i];
    }
    for (int i = 0; i < 24; i++) {
        acc = acc * 7 + (uint32_t)(int32_t)vh[i];
        acc ^= (uint16_t)vh[i];
    }
    volatile uint32_t *vw = (volatile uint32_t *)buf;
    for (int i = 0; i < 24; i++) {
        acc += vw[i];
    }
    return acc;
}
