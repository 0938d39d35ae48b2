/* Start-up code of C guests: set the stack pointer to the top of RAM, call
 * main, then halt (main returned 0) or panic (any other value). */
    .section .text.jolt_start, "ax"
    .globl _start
_start:
    lui sp, %hi(__jolt_STACK_TOP)
    addi sp, sp, %lo(__jolt_STACK_TOP)
    call main
    bnez a0, 1f
    call jolt_halt
1:  call jolt_panic
