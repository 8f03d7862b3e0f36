// SPDX-License-Identifier: GPL-2.0
// mpfs-stress: in-guest workloads of `make stress`. See CMakeLists.txt.
#include <cstdio>
#include <cstring>

#include "common.h"

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "probe"))
		return mpfs::stress::probe_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "randio"))
		return mpfs::stress::randio_main(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "race") || !strcmp(argv[1], "race-verify")))
		return mpfs::stress::race_main(argc - 1, argv + 1);
	fprintf(stderr,
		"usage: mpfs-stress probe OP...            (one syscall list, a result line each)\n"
		"       mpfs-stress randio FILE MIB SECONDS SEED\n"
		"       mpfs-stress race DIR SECONDS SEED [MODEL]\n"
		"       mpfs-stress race-verify DIR SEED MODEL\n");
	return 2;
}
