# The debug-kernel lane (not part of `make check`: the first kernel build takes
# tens of minutes). `make debug-kernel` builds, once per machine, a kernel of
# each supported series from Debian's sources with KASAN, KFENCE, UBSAN,
# lockdep, kmemleak, DEBUG_VM/LIST/OBJECTS and SLUB debugging
# (scripts/debug-kernel, qemu/debug.config); `make check-debug` runs the
# guest suite, part of the matrix and a kmemleak scan under each
# (scripts/check-debug). KVER=6.1 narrows both to one series.

.PHONY: debug-kernel check-debug
debug-kernel: deps-auto
	scripts/debug-kernel $(if $(KVER),$(KVER))

check-debug: userspace
	scripts/check-debug
