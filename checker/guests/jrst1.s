; PDP-10: the executive enters user mode with JRST 1; the user program adds and halts, which in user mode
; is a monitor UUO: the trap stores the PC word at E = 0x100 (mem[0x21] holds the JSR E) and the
; executive's handler at 0x101 halts the machine.
    jrst1 user
user:
    add AC0, 0x40
    halt 0
.org 0x101
    halt 0x101
