; Popek and Goldberg's machine: a supervisor program that reads its mode with RDMODE and stores it.
; On pg74 RDMODE runs unprivileged, so under a VMM (virtual supervisor in real user mode) it reads 0;
; on pg74-virtualizable it traps and the VMM gives the virtual mode.
    rdmode A0
    store A0, 0x40
    halt
