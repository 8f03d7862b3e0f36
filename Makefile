# SPDX-License-Identifier: GPL-2.0
# mpfs top-level build. `make` builds mpfs.ko for every supported kernel (Kbuild) and the userspace
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
# kernels on a fresh machine. Every supported kernel installed (scripts/kver);
# `make ... KVER=6.12` (a series or a full version) narrows a run to one.
KVER ?=
export KVER
KVERS = $(shell KVER='$(KVER)' scripts/kver --all)
BUILD_DIR := build
NPROC := $(shell nproc 2>/dev/null || echo 2)
VM_RUN := qemu/vm-run

.PHONY: all deps deps-auto module userspace check check-host check-guest demo clean help

all: module userspace

help:
	@echo "make            build mpfs.ko for every supported kernel and the userspace tools/tests (build/)"
	@echo "make check      build, run host tests (ctest) and the guest suite (tests/guest)"
	@echo "make demo       the main job, in the QEMU guest"
	@echo "make deps       install the Debian packages the project needs"
	@echo "make clean      remove build products"
	@echo "KVER=6.1|6.12|VERSION narrows module builds, check and demo to one kernel"

deps:
	scripts/deps.sh

# Cheap check before every build: installs only when something is missing.
deps-auto:
	@scripts/deps.sh --quiet

# The module, once per kernel: build/kbuild/KVER/kmod/mpfs.ko (scripts/build-module:
# a tree per kernel, zero warnings, no global constructors).
module: deps-auto
	+@kvers="$(KVERS)"; [ -n "$$kvers" ]; for v in $$kvers; do scripts/build-module "$$v"; done

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
	@for v in $(KVERS); do echo "=== guest tests on $$v"; \
		$(VM_RUN) --kernel $$v --disk 512M --disk 512M -- /tests/guest/run-guest-tests; done

clean:
	rm -rf $(BUILD_DIR) out kmod/generated

# Component fragments (mk/demo.mk provides `demo`).
include $(sort $(wildcard mk/*.mk))
