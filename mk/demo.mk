# `make demo`: the project's main job. Builds everything, boots one QEMU guest
# and runs the trace comparison matrix (harness/compare/mpfs-compare-matrix):
# every case is run under engine=kernel and engine=port on a fresh mpfs, and
# the queued bios (blktrace Q events: RWBS, sector, size, in order) compared.
# Prints one row per case and a verdict line; exits non-zero if any case
# diverged or failed. The same rows go to out/demo.json.
#   make demo DEMO_CASES="1k-contig 4k-tail"   only the cases matching these substrings

DEMO_CASES ?=
DEMO_SHARE := out/demo

.PHONY: demo
demo: all
	@mkdir -p $(DEMO_SHARE)
	@rm -f $(DEMO_SHARE)/demo.json
	@rc=0; $(VM_RUN) --disk 512M --share $(DEMO_SHARE) --timeout 1500 -- \
		mpfs-compare-matrix --json /host/demo.json $(DEMO_CASES) || rc=$$?; \
	if [ -f $(DEMO_SHARE)/demo.json ]; then cp $(DEMO_SHARE)/demo.json out/demo.json; \
		echo "demo: results in out/demo.json"; fi; \
	exit $$rc
