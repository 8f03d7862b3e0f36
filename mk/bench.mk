# `make bench`: CPU cost of engine=port (and engine=iomap) against engine=kernel, per workload and
# block size, in a guest booted with `vm-run --icount` (deterministic guest
# clock: thread CPU time counts guest instructions). harness/bench/mpfs-bench
# runs in the guest and prints the table; out/bench.json (machine-readable),
# out/bench.raw (every run) and out/bench.svg (scripts/bench-plot) follow.
# One kernel: $KVER if set, else the newest (scripts/kver).
#   make bench BENCH_ARGS="--reps 3 --block-sizes 4096"     KVER=6.1 make bench

BENCH_ARGS ?=

.PHONY: bench
bench: all
	@start=$$(date +%s); kver=$$(scripts/kver); mkdir -p out; \
	rm -f out/bench.json out/bench.tsv out/bench.raw out/bench.svg; \
	$(VM_RUN) --kernel "$$kver" --icount --disk 1G --timeout 3000 --share out -- \
		mpfs-bench --out /host $(BENCH_ARGS); \
	scripts/bench-plot out/bench.tsv out/bench.svg "make bench on $$kver (CPU cost, vm-run --icount)"; \
	echo "bench: kernel $$kver; out/bench.json, out/bench.raw, out/bench.svg; $$(( $$(date +%s) - start )) s"
