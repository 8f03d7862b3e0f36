# `make stress`: device faults, memory pressure, races and bad input under every
# engine (scripts/stress; the parts are tests/stress/<N>-<name>). Prints the
# seed, one table (part, kernel, engine, ops/cases, faults, failures) and a last
# line "N passed, N failed"; non-zero exit on any failure.
#   make stress                                 about 10 minutes, a random seed
#   make stress STRESS_SEED=123 STRESS_PARTS=1  repeat part 1 of a run that failed
#   make stress STRESS_SECONDS=1200 STRESS_SHORT=1 KVER=6.1
STRESS_SECONDS ?=
STRESS_SEED ?=
STRESS_PARTS ?=
STRESS_SHORT ?=

.PHONY: stress
stress: all
	STRESS_SECONDS='$(STRESS_SECONDS)' STRESS_SEED='$(STRESS_SEED)' \
		scripts/stress $(if $(STRESS_SHORT),--short) $(STRESS_PARTS)
