#!/bin/sh
# The ioctl interface, in the guest: mpfs-guest-tests (GoogleTest) against a
# fresh mpfs for each engine at 1K and 4K blocks, plus mpfsctl's output.
# Reports one "mpfs-test:" line per test case and configuration.
set -u
dev=${SCRATCH_DEV:?} mnt=${SCRATCH_MNT:?}
command -v mpfs-guest-tests >/dev/null || { echo "mpfs-guest-tests not built"; exit 77; }
fail=0
cleanup() { grep -q " $mnt " /proc/mounts && umount "$mnt"; }
trap cleanup EXIT

result() { # result PASS|FAIL name
	echo "mpfs-test: $1 $2"
	[ "$1" = PASS ] || fail=1
}

for engine in kernel port; do
	for bs in 1024 4096; do
		cfg=$engine-$((bs / 1024))k
		if ! mkfs.mpfs -f -b $bs "$dev" >/tmp/mkfs.log 2>&1 ||
			! mount -t mpfs -o engine=$engine "$dev" "$mnt"; then
			cat /tmp/mkfs.log
			result FAIL "$cfg/mount"
			continue
		fi
		MPFS_TEST_DIR=$mnt MPFS_TEST_PREFIX=$cfg/ MPFS_EXPECT_ENGINE=$engine MPFS_EXPECT_BLOCK_SIZE=$bs \
			mpfs-guest-tests --gtest_brief=1 >/tmp/gtest.log 2>&1
		rc=$?
		grep '^mpfs-test: ' /tmp/gtest.log
		grep -q '^mpfs-test: FAIL' /tmp/gtest.log && fail=1
		if [ $rc != 0 ]; then
			fail=1
			grep -v '^mpfs-test: ' /tmp/gtest.log | tail -n 60
			grep -q '^mpfs-test: ' /tmp/gtest.log || result FAIL "$cfg/mpfs-guest-tests (exit $rc)"
		fi
		# mpfsctl: human and JSON output name the mount's engine and block size.
		echo data >"$mnt/ctl"
		if mpfsctl info "$mnt/ctl" | grep -q "^engine  *$engine\$" &&
			mpfsctl --json info "$mnt" | grep -q "\"engine\": \"$engine\", \"block_size\": $bs," &&
			mpfsctl writepages --sync all "$mnt/ctl" | grep -q 'pages_written 1$' &&
			mpfsctl --json cached "$mnt/ctl" | grep -q '"cached": 1' &&
			! mpfsctl read-folio 5 "$mnt/ctl" 2>/dev/null; then
			result PASS "$cfg/mpfsctl"
		else
			result FAIL "$cfg/mpfsctl"
		fi
		umount "$mnt" || result FAIL "$cfg/umount"
		if command -v fsck.mpfs >/dev/null; then
			if fsck.mpfs -n "$dev" >/tmp/fsck.log 2>&1; then result PASS "$cfg/fsck"; else
				cat /tmp/fsck.log; result FAIL "$cfg/fsck"; fi
		fi
	done
done
exit $fail
