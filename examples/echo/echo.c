/* Echo: outputs the input reversed, with ASCII lowercase letters turned to
 * uppercase. */
#include <jolt.h>

int main(void) {
    const uint8_t *in = jolt_input();
    uint32_t n = jolt_input_len();
    for (uint32_t i = n; i > 0; i--) {
        uint8_t c = in[i - 1];
        if (c >= 'a' && c <= 'z') {
            c -= 'a' - 'A';
        }
        jolt_write_output(&c, 1);
    }
    return 0;
}
