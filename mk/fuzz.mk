# `make fuzz`: the libFuzzer targets of tests/fuzz (kmod/format parsing,
# fsck.mpfs's checker on an in-memory image, the ioctl argument checks) built
# with clang-14, ASan and UBSan (out/fuzz-build), each run FUZZ_SECONDS
# (default 30) from its seed corpus. FUZZ_TARGETS narrows, FUZZ_SEED seeds.
FUZZ_SECONDS ?= 30
FUZZ_SEED ?= 1
FUZZ_TARGETS ?= super inode dirent blockmap ioctl_args fsck

.PHONY: fuzz
fuzz: deps-auto
	scripts/fuzz --seconds $(FUZZ_SECONDS) --seed $(FUZZ_SEED) --targets "$(FUZZ_TARGETS)"
