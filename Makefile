# SPDX-License-Identifier: GPL-2.0
# mpfs top-level build. `make` builds kmod/mpfs.ko (Kbuild) and the userspace
# tools and host tests (CMake, in build/); `make check` runs the host tests and
# the guest suite; `make demo` is the main job. Everything installs its own
# prerequisites first (scripts/deps.sh, a dpkg query when all is present).
#
# Fragments: every mk/*.mk is included at the end; components add targets
# there (mk/demo.mk defines the demo recipe, mk/coverage.mk `coverage`, ...).

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
MAKEFLAGS += --no-print-directory
.DEFAULT_GOAL := all

# Deferred (=): evaluated when a recipe runs, i.e. after `deps` installed the
# kernel on a fresh machine.
KVER = $(shell scripts/kver)
KDIR = $(shell scripts/kver --kdir)
BUILD_DIR := build
NPROC := $(shell nproc 2>/dev/null || echo 2)
KBUILD_LOG := out/kbuild.log
VM_RUN := qemu/vm-run

.PHONY: all deps deps-auto module userspace check check-host check-guest demo clean help

all: module userspace

help:
	@echo "make            build kmod/mpfs.ko and the userspace tools/tests (build/)"
	@echo "make check      build, run host tests (ctest) and the guest suite (tests/guest)"
	@echo "make demo       the main job, in the QEMU guest"
	@echo "make deps       install the Debian packages the project needs"
	@echo "make clean      remove build products"

deps:
	scripts/deps.sh

# Cheap check before every build: installs only when something is missing.
deps-auto:
	@scripts/deps.sh --quiet

# The module. Kbuild runs under a lock (several trees/helpers share the kernel
# headers). Compiler warnings are errors already (-Werror in kmod/Kbuild);
# modpost and objtool only print theirs, so the log is scanned and any warning
# fails the build. The objects are then removed so the next `make` repeats
# the warning instead of passing silently.
module: deps-auto
	@mkdir -p $(dir $(KBUILD_LOG))
	flock /tmp/mpfs-kbuild.lock $(MAKE) -C $(KDIR) M=$(CURDIR) CXX=g++ modules 2>&1 | tee $(KBUILD_LOG)
	@if grep -E 'warning:|WARNING:' $(KBUILD_LOG) | grep -v 'Skipping BTF generation .* due to unavailability of vmlinux'; then \
		echo "error: the module build printed warnings (above); failing" >&2; \
		find kmod -name '*.o' -delete; rm -f kmod/mpfs.ko; \
		exit 1; \
	fi
	@# No global constructors: the module loader would not run them (only
	@# CONFIG_CONSTRUCTORS kernels do), and the build accepts them silently.
	@# (operator new and other C++ runtime symbols need no check here: modpost
	@# already rejects the undefined symbol.)
	@if objdump -h kmod/mpfs.ko | grep -E '\.(init_array|ctors|fini_array|dtors)'; then \
		echo "error: kmod/mpfs.ko has global constructor/destructor sections (above)" >&2; \
		rm -f kmod/mpfs.ko; exit 1; \
	fi

# Userspace and host tests. CMake globs component directories at configure
# time, so it is re-configured whenever the set of CMakeLists.txt changes.
userspace: deps-auto
	@mkdir -p $(BUILD_DIR)
	@find . -path ./$(BUILD_DIR) -prune -o -name CMakeLists.txt -print | LC_ALL=C sort >$(BUILD_DIR)/.cmakelists.new
	@if [ ! -f $(BUILD_DIR)/CMakeCache.txt ] || ! cmp -s $(BUILD_DIR)/.cmakelists.new $(BUILD_DIR)/.cmakelists; then \
		cmake -S . -B $(BUILD_DIR) $(CMAKE_ARGS) && mv $(BUILD_DIR)/.cmakelists.new $(BUILD_DIR)/.cmakelists; \
	fi
	cmake --build $(BUILD_DIR) -j$(NPROC)

# One line at the end: "N passed, N failed" over host test cases and guest
# results together; the exit status is non-zero when anything failed.
check: all
	scripts/check

check-host: userspace
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(NPROC)

check-guest: all
	$(VM_RUN) --disk 512M --disk 512M -- /tests/guest/run-guest-tests

clean:
	-flock /tmp/mpfs-kbuild.lock $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -rf $(BUILD_DIR) out kmod/generated

# Component fragments (mk/demo.mk provides `demo`).
include $(sort $(wildcard mk/*.mk))
