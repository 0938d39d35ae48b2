/* Start-up code of the per-instruction differential programs: one ELF that
 * runs both in the tracer and under qemu-riscv32. It clears every register,
 * points sp at a stack in .bss (mapped under QEMU too), calls compute(),
 * and halts by storing 1 to the termination word (a provable halt): the
 * tracer stops there, QEMU faults there, after logging the state before
 * that store. compute()'s result stays in a0 for the register comparison. */
    .section .text.jolt_start, "ax"
    .globl _start
_start:
    li x1, 0
    li x2, 0
    li x3, 0
    li x4, 0
    li x5, 0
    li x6, 0
    li x7, 0
    li x8, 0
    li x9, 0
    li x10, 0
    li x11, 0
    li x12, 0
    li x13, 0
    li x14, 0
    li x15, 0
    li x16, 0
    li x17, 0
    li x18, 0
    li x19, 0
    li x20, 0
    li x21, 0
    li x22, 0
    li x23, 0
    li x24, 0
    li x25, 0
    li x26, 0
    li x27, 0
    li x28, 0
    li x29, 0
    li x30, 0
    li x31, 0
    lui sp, %hi(diff_stack_top)
    addi sp, sp, %lo(diff_stack_top)
    call compute
    lui t0, %hi(__jolt_TERMINATION)
    li t1, 1
    sw t1, %lo(__jolt_TERMINATION)(t0)
1:  j 1b

    .bss
    .align 4
    .space 8192
diff_stack_top:
