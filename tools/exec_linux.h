/* rivet exec --abi linux (tools/exec_linux.c). */
#ifndef RIVET_TOOLS_EXEC_LINUX_H
#define RIVET_TOOLS_EXEC_LINUX_H

#include <stdbool.h>

/* True when the options before the ELF name select --abi linux. */
bool exec_linux_selected(int argc, char **argv);
/* The whole command for --abi linux (same argv as cmd_exec). */
int exec_linux(int argc, char **argv);

#endif
