/* A deliberate panic: writes "before", then panics when the first input
 * byte is 1; otherwise writes "ok" and halts normally. Prints what it does
 * on the debug port (not part of the output). */
#include <jolt.h>

int main(void) {
    if (jolt_input_len() > 0 && jolt_input()[0] == 1) {
        jolt_write_output("before", 6);
        jolt_puts("guest: panicking on purpose\n");
        jolt_panic();
    }
    jolt_write_output("ok", 2);
    jolt_puts("guest: halting normally\n");
    return 0;
}
