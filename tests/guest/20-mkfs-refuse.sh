#!/bin/sh
# mkfs.mpfs in the guest on a real virtio block device: it refuses to
# overwrite an existing filesystem (ext2 made by busybox mke2fs, and mpfs
# itself) or a DOS partition table without -f, names what it found, leaves
# the device untouched, and with -f writes a filesystem fsck.mpfs calls clean.
# Needs no kernel filesystem support.
DEV=$SCRATCH_DEV
fails=0
pass() { echo "mpfs-test: PASS $1"; }
fail() { echo "mpfs-test: FAIL $1${2:+: $2}"; fails=$((fails + 1)); }
head_sum() { dd if="$DEV" bs=65536 count=1 2>/dev/null | md5sum | cut -d' ' -f1; }
cleanup() { dd if=/dev/zero of="$DEV" bs=65536 count=1 conv=notrunc 2>/dev/null; }
trap cleanup EXIT

# refused NAME WHAT: mkfs without -f must exit 3 naming WHAT, changing nothing.
refused() {
	_before=$(head_sum)
	_out=$(mkfs.mpfs "$DEV" 2>&1)
	_rc=$?
	if [ "$_rc" -eq 3 ] && echo "$_out" | grep -q "$2" && [ "$(head_sum)" = "$_before" ]; then
		pass "$1-refused"
	else
		fail "$1-refused" "rc=$_rc: $_out"
	fi
}

# forced NAME: mkfs -f succeeds and fsck.mpfs is clean afterwards.
forced() {
	_n=$1
	shift
	if _out=$(mkfs.mpfs -f "$@" "$DEV" 2>&1) && fsck.mpfs -n "$DEV" >/dev/null 2>&1; then
		pass "$_n-forced"
	else
		fail "$_n-forced" "$_out"
	fi
}

cleanup
# ext2, from busybox (8 MiB of the device is enough for the signature).
if mke2fs "$DEV" 8192 >/dev/null 2>&1; then
	refused ext2 "ext2"
	forced ext2 -b 1024
	# The ext2 signature was erased: mpfs is all that is left.
	_out=$(mkfs.mpfs "$DEV" 2>&1)
	if echo "$_out" | grep -q "contains mpfs filesystem;" && ! echo "$_out" | grep -q ext2; then
		pass ext2-wiped
	else
		fail ext2-wiped "$_out"
	fi
else
	echo "20-mkfs-refuse: busybox mke2fs failed; ext2 case not run"
	fail ext2-setup
fi

# An existing mpfs is refused too (libblkid does not know mpfs: mkfs checks).
mkfs.mpfs -q -f -b 4096 "$DEV" >/dev/null 2>&1
refused mpfs "mpfs filesystem"
forced mpfs -b 2048

# A DOS partition table: one Linux (0x83) partition at sector 2048.
cleanup
printf '\203' | dd of="$DEV" bs=1 seek=450 conv=notrunc 2>/dev/null
printf '\000\010\000\000\000\100\000\000' | dd of="$DEV" bs=1 seek=454 conv=notrunc 2>/dev/null
printf '\125\252' | dd of="$DEV" bs=1 seek=510 conv=notrunc 2>/dev/null
refused dos "dos partition table"
forced dos

# Bad requests fail cleanly without touching the device.
cleanup
_before=$(head_sum)
mkfs.mpfs -b 512 "$DEV" >/dev/null 2>&1
_rc1=$?
mkfs.mpfs -N 999999999 "$DEV" >/dev/null 2>&1
_rc2=$?
if [ "$_rc1" -eq 2 ] && [ "$_rc2" -eq 1 ] && [ "$(head_sum)" = "$_before" ]; then
	pass bad-requests
else
	fail bad-requests "rc $_rc1 $_rc2"
fi

[ "$fails" -eq 0 ]
