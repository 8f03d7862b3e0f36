# `make demo`: the project's main job. Builds everything and, on every
# supported kernel (KVER narrows), boots a QEMU guest and runs the trace
# comparison matrix (harness/compare/mpfs-compare-matrix): every case is run
# under engine=kernel and engine=port on a fresh mpfs, and the queued bios
# (blktrace Q events: RWBS, sector, size, in order) compared. Prints one row
# per case and a verdict line per kernel, then a summary (scripts/demo);
# exits non-zero if any case diverged or failed on any kernel.
#   make demo DEMO_CASES="1k-contig 4k-tail"   only the cases matching these substrings

DEMO_CASES ?=

.PHONY: demo
demo: all
	scripts/demo $(DEMO_CASES)
