/* SPDX-License-Identifier: GPL-2.0 */
/*
 * insn-count: a QEMU TCG plugin that counts, per translated block of guest
 * kernel code, how many times it ran. At exit it writes one line per block
 * that ran, "ADDRESS INSTRUCTIONS EXECUTIONS" (address as 16 hex digits), to
 * the file given as out=FILE. scripts/insn-profile turns that into guest
 * instructions per kernel function with the guest's /proc/kallsyms.
 *
 * Exact and deterministic where the ftrace function profiler is neither: it
 * counts inlined code and the tracer adds nothing. Blocks are attributed by
 * their first instruction (a block ends at a branch, so it rarely crosses
 * into another function). An instruction that faults mid-block is counted as
 * if the block had run to its end.
 *
 * QEMU 7.2 (Debian 12) installs no qemu-plugin.h: the few entry points used
 * are declared here as that version's plugin API (version 1) defines them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_info_t;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*udata_cb_t)(qemu_plugin_id_t id, void *userdata);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
					      void *ptr, uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, udata_cb_t cb, void *userdata);

#define EXPORTED __attribute__((visibility("default")))
EXPORTED int qemu_plugin_version = 1;

/* One per translation (a block translated twice has two; the reader sums). */
struct block {
	uint64_t vaddr, insns, runs;
	struct block *next;
};
static struct block *blocks;
static const char *out_path = "insn-count.out";

/* Kernel text only: x86-64 kernel addresses have the top bits set. */
static const uint64_t kernel_space = 0xffff800000000000ULL;

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	uint64_t vaddr = qemu_plugin_tb_vaddr(tb);
	struct block *b;

	(void)id;
	if (vaddr < kernel_space)
		return;
	b = calloc(1, sizeof(*b));
	if (!b)
		abort();
	b->vaddr = vaddr;
	b->insns = qemu_plugin_tb_n_insns(tb);
	b->next = blocks;
	blocks = b;
	/* An add in the generated code, not a callback: no cost to speak of. */
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &b->runs, 1);
}

static void on_qemu_exit(qemu_plugin_id_t id, void *userdata)
{
	FILE *f = fopen(out_path, "w");
	struct block *b;

	(void)id;
	(void)userdata;
	if (!f) {
		perror(out_path);
		return;
	}
	for (b = blocks; b; b = b->next)
		if (b->runs)
			fprintf(f, "%016llx %llu %llu\n", (unsigned long long)b->vaddr,
				(unsigned long long)b->insns, (unsigned long long)b->runs);
	if (fclose(f))
		perror(out_path);
}

EXPORTED int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t *info, int argc,
				 char **argv)
{
	int i;

	(void)info;
	for (i = 0; i < argc; i++) {
		if (strncmp(argv[i], "out=", 4) != 0) {
			fprintf(stderr, "insn-count: unknown argument %s (out=FILE)\n", argv[i]);
			return -1;
		}
		out_path = argv[i] + 4;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, on_qemu_exit, NULL);
	return 0;
}
