# Sourced by scripts/check and scripts/check-asan.
# ctest_counts LOG RC: print "PASSED FAILED SKIPPED" for a ctest run whose
# output is in LOG and whose exit status was RC. Skipped tests (GTEST_SKIP)
# are neither passed nor failed; a ctest that failed before running tests
# counts as one failure.
ctest_counts() {
	local log=$1 rc=$2 summary total fail=0 skip=0
	if summary=$(grep -E '[0-9]+ tests failed out of [0-9]+' "$log" | tail -n1) && [[ -n $summary ]]; then
		fail=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$summary")
		total=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/' <<<"$summary")
		skip=$(sed -n '/The following tests did not run:/,/^$/p' "$log" | grep -c '(Skipped)' || true)
	elif grep -q 'No tests were found' "$log"; then
		total=0
	else
		total=1 fail=1
	fi
	[[ $rc != 0 && $fail == 0 ]] && { fail=1; total=$((total + 1)); }
	echo "$((total - fail - skip)) $fail $skip"
}
