/* The guest C library's contact with the zkVM: Linux-numbered write/exit ecalls (the zkVM
   profile accepts them, docs/zkvm-abi.md). */
#ifndef RIVET_GUEST_SYS_H
#define RIVET_GUEST_SYS_H

#include <stddef.h>

long sys_write(int fd, const void *p, size_t n);
_Noreturn void sys_exit(int code);

#endif
