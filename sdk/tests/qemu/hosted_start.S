/* Start-up code for running a C guest under QEMU user mode (qemu-riscv32):
 * the ABI's I/O words and regions become buffers in .bss, input comes from
 * stdin, jolt_halt/jolt_panic write the output to stdout and exit with
 * status 0/1; debug prints go to a scratch buffer. The guest's own code and
 * the sdk's runtime are unchanged. */
    .text
    .globl _start
_start:
    la s0, __jolt_INPUT_START
    li s1, 0
1:  li a0, 0                    /* read(0, in + n, MAX - n) */
    add a1, s0, s1
    li a2, 4096
    sub a2, a2, s1
    beqz a2, 2f
    li a7, 63
    ecall
    blez a0, 2f
    add s1, s1, a0
    j 1b
2:  la t0, __jolt_INPUT_LEN
    sw s1, 0(t0)
    call main
    bnez a0, 3f
    call jolt_halt
3:  call jolt_panic

    .globl jolt_halt
jolt_halt:
    li s2, 0
    j 4f
    .globl jolt_panic
jolt_panic:
    li s2, 1
4:  la s0, __jolt_OUTPUT_START
    la t0, __jolt_OUTPUT_LEN
    lw s1, 0(t0)
5:  beqz s1, 6f                 /* write(1, out, n) until all written */
    li a0, 1
    mv a1, s0
    mv a2, s1
    li a7, 64
    ecall
    blez a0, 6f
    add s0, s0, a0
    sub s1, s1, a0
    j 5b
6:  mv a0, s2                   /* exit_group(status) */
    li a7, 94
    ecall

    .globl __jolt_MAX_INPUT, __jolt_MAX_OUTPUT
    .set __jolt_MAX_INPUT, 4096
    .set __jolt_MAX_OUTPUT, 4096

    .bss
    .align 4
    .globl __jolt_INPUT_LEN, __jolt_OUTPUT_LEN, __jolt_PANIC, __jolt_TERMINATION
    .globl __jolt_INPUT_START, __jolt_OUTPUT_START, __jolt_DEBUG_PORT
__jolt_INPUT_LEN: .space 4
__jolt_OUTPUT_LEN: .space 4
__jolt_PANIC: .space 4
__jolt_TERMINATION: .space 4
__jolt_INPUT_START: .space 4096
__jolt_OUTPUT_START: .space 4096
/* Debug prints land here and are not shown (the outputs are compared). */
__jolt_DEBUG_PORT: .space 8
