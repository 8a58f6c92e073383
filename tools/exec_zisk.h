/* rivet exec --profile zisk-* (tools/exec_zisk.c): ZisK's own ABI. */
#ifndef RIVET_TOOLS_EXEC_ZISK_H
#define RIVET_TOOLS_EXEC_ZISK_H

#include <stdbool.h>

/* True when the options before the ELF name select a zisk-v* or zisk-auto profile. */
bool exec_zisk_selected(int argc, char **argv);
/* The whole command for those profiles (same argv as cmd_exec). */
int exec_zisk(int argc, char **argv);

#endif
