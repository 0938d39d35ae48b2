/* A deliberate panic: writes "before", then panics when the first input
 * byte is 1; otherwise writes "ok" and halts normally. */
#include <jolt.h>

int main(void) {
    if (jolt_input_len() > 0 && jolt_input()[0] == 1) {
        jolt_write_output("before", 6);
        jolt_panic();
    }
    jolt_write_output("ok", 2);
    return 0;
}
