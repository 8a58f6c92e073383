/* What a guest program sees of the world, in both flavours: its input bytes and an output
   stream. io_zkvm.c reads the zkVM profile's input window and writes with the write ecall;
   io_linux.c reads stdin and writes stdout. */
#ifndef RIVET_GUEST_IO_H
#define RIVET_GUEST_IO_H

#include <stddef.h>
#include <stdint.h>

/* The whole input; NULL (and *len 0) when it cannot be read. */
const uint8_t *guest_input(size_t *len);
/* Appends to the public output. */
void guest_write(const void *p, size_t n);

#endif
