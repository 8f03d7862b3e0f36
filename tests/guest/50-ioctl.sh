#!/bin/sh
# The ioctl interface, in the guest: mpfs-guest-tests (GoogleTest) against a
# fresh mpfs for each engine at 1K and 4K blocks (and 1K with alloc=reverse),
# plus mpfsctl's output.
# Reports one "mpfs-test:" line per test case and configuration.
set -u
dev=${SCRATCH_DEV:?} mnt=${SCRATCH_MNT:?}
command -v mpfs-guest-tests >/dev/null || { echo "mpfs-guest-tests not built"; exit 77; }
fail=0
run_gtest() { # run_gtest CFG ENGINE BS [ALLOC [GTEST-FILTER]]
	MPFS_TEST_DIR=$mnt MPFS_TEST_PREFIX=$1/ MPFS_EXPECT_ENGINE=$2 MPFS_EXPECT_BLOCK_SIZE=$3 \
		MPFS_EXPECT_ALLOC=${4:-} mpfs-guest-tests --gtest_brief=1 ${5:+--gtest_filter=$5} >/tmp/gtest.log 2>&1
	rc=$?
	grep '^mpfs-test: ' /tmp/gtest.log
	grep -q '^mpfs-test: FAIL' /tmp/gtest.log && fail=1
	if [ $rc != 0 ]; then
		fail=1
		grep -v '^mpfs-test: ' /tmp/gtest.log | head -n 200
		grep -q '^mpfs-test: ' /tmp/gtest.log || result FAIL "$1/mpfs-guest-tests (exit $rc)"
	fi
}
cleanup() { grep -q " $mnt " /proc/mounts && umount "$mnt"; }
trap cleanup EXIT

result() { # result PASS|FAIL name
	echo "mpfs-test: $1 $2"
	[ "$1" = PASS ] || fail=1
}

for engine in ${MPFS_ENGINES:-kernel port iomap}; do
	for bs in 1024 4096; do
		cfg=$engine-$((bs / 1024))k
		if ! mkfs.mpfs -f -b $bs "$dev" >/tmp/mkfs.log 2>&1 ||
			! mount -t mpfs -o engine=$engine "$dev" "$mnt"; then
			cat /tmp/mkfs.log
			result FAIL "$cfg/mount"
			continue
		fi
		run_gtest $cfg $engine $bs
		# mpfsctl: human and JSON output name the mount's engine and block size.
		dd if=/dev/zero of="$mnt/ctl" bs=4096 count=1 2>/dev/null # a whole page: uptodate
		ok=1
		mpfsctl info "$mnt/ctl" | grep -q "^engine  *$engine\$" || { ok=0; echo "mpfsctl info: engine"; }
		mpfsctl --json info "$mnt" | grep -q "\"engine\": \"$engine\", \"block_size\": $bs," ||
			{ ok=0; echo "mpfsctl --json info"; mpfsctl --json info "$mnt"; }
		mpfsctl writepages --sync all "$mnt/ctl" | grep -q 'pages_written 1$' ||
			{ ok=0; echo "mpfsctl writepages"; mpfsctl writepages --sync all "$mnt/ctl"; }
		mpfsctl --json cached "$mnt/ctl" | grep -q '"cached": 1' || { ok=0; echo "mpfsctl cached"; }
		mpfsctl read-folio 5 "$mnt/ctl" 2>/dev/null && { ok=0; echo "mpfsctl read-folio past EOF worked"; }
		if [ $ok = 1 ]; then result PASS "$cfg/mpfsctl"; else result FAIL "$cfg/mpfsctl"; fi
		umount "$mnt" || result FAIL "$cfg/umount"
		if command -v fsck.mpfs >/dev/null; then
			if fsck.mpfs -n "$dev" >/tmp/fsck.log 2>&1; then result PASS "$cfg/fsck"; else
				cat /tmp/fsck.log; result FAIL "$cfg/fsck"; fi
		fi
	done
done
# A backwards layout: every page of 1K blocks is discontiguous on disk.
for engine in ${MPFS_ENGINES:-kernel port iomap}; do
	cfg=$engine-1k-reverse
	if mkfs.mpfs -f -b 1024 "$dev" >/tmp/mkfs.log 2>&1 &&
		mount -t mpfs -o engine=$engine,alloc=reverse "$dev" "$mnt"; then
		run_gtest $cfg $engine 1024 reverse '*Reverse*'
		umount "$mnt" || result FAIL "$cfg/umount"
	else
		cat /tmp/mkfs.log
		result FAIL "$cfg/mount"
	fi
done
exit $fail
