# Host-side helpers of the make stress parts (bash; sourced by
# tests/stress/<N>-<name>). A part calls `stress_args "$@"`, then
# `stress_guest [vm-run options] -- GUEST-CMD...`, which boots the guest, passes
# the guest's output through (its stress-row/stress-fail lines included) and
# turns a guest run that vm-run failed (kernel complaint, timeout, rmmod) into
# a stress-fail line and a non-zero exit. In the guest, tests/stress is at
# /tests/stress and STRESS_PART, STRESS_SEED, STRESS_SECONDS, MPFS_ENGINES are
# passed on the command line by the part.
set -uo pipefail
stress_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
STRESS_PART=$(basename "$0")

stress_args() {
	STRESS_KERNEL= STRESS_SECONDS=60 STRESS_SEED=1
	while [[ $# -gt 0 ]]; do
		case $1 in
		--kernel) STRESS_KERNEL=${2:?}; shift 2 ;;
		--seconds) STRESS_SECONDS=${2:?}; shift 2 ;;
		--seed) STRESS_SEED=${2:?}; shift 2 ;;
		*) echo "$STRESS_PART: unknown argument $1" >&2; exit 2 ;;
		esac
	done
	[[ -n $STRESS_KERNEL ]] || { echo "$STRESS_PART: --kernel needed" >&2; exit 2; }
	export MPFS_ENGINES=${MPFS_ENGINES:-kernel port}
}

# stress_guest [vm-run options] -- CMD...: the guest run; exit status CMD's,
# or vm-run's when vm-run failed the run.
stress_guest() {
	local out rc
	out=$(mktemp /tmp/mpfs-stress-part.XXXXXX)
	nice -n 19 "$stress_repo/qemu/vm-run" --kernel "$STRESS_KERNEL" \
		--timeout $((STRESS_SECONDS * 2 + 240)) "$@" 2>"$out.err" | tee "$out"
	rc=${PIPESTATUS[0]}
	cat "$out.err" >&2
	if grep -q '^vm-run: FAIL' "$out.err"; then
		echo "stress-fail: $STRESS_PART - seed=$STRESS_SEED guest run on $STRESS_KERNEL failed (vm-run exit $rc): $(grep '^vm-run: FAIL\|^\[' "$out.err" | head -n 4 | tr '\n' ' '); reproduce: ${MPFS_DEBUG_KERNEL:+MPFS_DEBUG_KERNEL=$MPFS_DEBUG_KERNEL }make stress STRESS_SEED=$STRESS_SEED STRESS_PARTS=${STRESS_PART%%-*} KVER=$STRESS_KERNEL"
		[[ $rc == 0 ]] && rc=125
	fi
	rm -f "$out" "$out.err"
	return "$rc"
}
