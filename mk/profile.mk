# `make profile WORKLOAD=read-folio`: exact guest instructions per kernel
# function per page of one make bench workload, engine=kernel beside
# engine=port (scripts/insn-profile; PROFILE_ARGS="--bs 1024 --engines 'kernel port iomap'").
WORKLOAD ?= read-folio
PROFILE_ARGS ?=

.PHONY: profile
profile: all
	scripts/insn-profile $(PROFILE_ARGS) $(WORKLOAD)
