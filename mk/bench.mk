# `make bench`: throughput of engine=port against engine=kernel in the guest
# (harness/compare/mpfs-bench): three rounds, engines alternating, buffered
# write + fsync and cold-cache sequential read of a 256 MiB file. Prints MB/s,
# the port/kernel ratio per round with the median, and requests per MiB.
# Under TCG the absolute numbers are emulation speed; the ratio is the point.
#   make bench BENCH_ARGS="--rounds 5 --mib 128 --block-size 1024"

BENCH_ARGS ?=

.PHONY: bench
bench: all
	$(VM_RUN) --disk 1G --mem 1024 --timeout 3000 -- mpfs-bench $(BENCH_ARGS)
