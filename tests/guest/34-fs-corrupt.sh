#!/bin/sh
# Corrupt metadata: a bad superblock (magic, checksum, geometry larger than
# the device) refuses to mount with EINVAL and one "mpfs:" log line; a
# corrupt inode (block pointer past the device, out-of-range pointer in an
# indirect block, bad mode, impossible size) gives EIO with a log line; no
# oops, and umount works afterwards.
. "$(dirname "$0")/30-fs-lib.inc"

# refuse NAME EXPECTED_LOG_TEXT [DEVICE]
refuse() {
	klog_mark
	if err=$(mount -t mpfs "${3:-$DEV}" "$MNT" 2>&1); then
		fail "$1-refused" "mounted"
		umount "$MNT"
		return
	fi
	case $err in *"Invalid argument"*) pass "$1-einval" ;; *) fail "$1-einval" "$err" ;; esac
	n=$(klog_since | grep -c "mpfs: ")
	if [ "$n" -eq 1 ] && klog_since | grep -q "mpfs: .*$2"; then
		pass "$1-one-log-line"
	else
		fail "$1-one-log-line" "$(klog_since | grep mpfs)"
	fi
}

mkfs_q 1024
printf 'XXXX' | dd of="$DEV" bs=1 seek=0 conv=notrunc 2>/dev/null
refuse super-magic "bad magic"
mkfs_q 4096
printf 'Z' | dd of="$DEV" bs=1 seek=104 conv=notrunc 2>/dev/null
refuse super-checksum "checksum"
mkfs_q 2048
dd if=/dev/urandom of="$DEV" bs=1 seek=16 count=8 conv=notrunc 2>/dev/null
refuse super-garbage "bad superblock"

small_part 8 || fail partition
mkfs_q 1024 "$PART"
small_part 4
refuse super-larger-than-device "larger than the device" "$PART"
fs_cleanup_part() { dd if=/dev/zero of="$DEV" bs=512 count=1 conv=notrunc 2>/dev/null; blockdev --rereadpt "$DEV"; PARTED=; }
fs_cleanup_part

# Inodes: a (2) small, big (3) with an indirect block, m (4), z (5).
pattern "$TMP/pat" 300
for e in $ENGINES; do
	t=inode-$e
	sleep 6 # let the corruption messages' ratelimit (5 s) expire
	mkfs_q 1024 && mnt "engine=$e" || { fail "$t-mount"; continue; }
	echo hello >"$MNT/a"
	cp "$TMP/pat" "$MNT/big"
	echo m >"$MNT/m"
	echo z >"$MNT/z"
	umount "$MNT"
	it=$(rd_le64 "$DEV" 48)
	ino_off() { echo $((it * 1024 + ($1 - 1) * 128)); }
	nblocks=$(rd_le64 "$DEV" 16)
	wr_le32 "$DEV" $(($(ino_off 2) + 56)) $((nblocks + 100))
	ind=$(rd_le32 "$DEV" $(($(ino_off 3) + 56 + 48)))
	wr_le32 "$DEV" $((ind * 1024 + 5 * 4)) 4294967295
	printf '\244\361' | dd of="$DEV" bs=1 seek=$(ino_off 4) conv=notrunc 2>/dev/null
	printf '\377\377\377\377\377\377\377\177' | dd of="$DEV" bs=1 seek=$(($(ino_off 5) + 16)) conv=notrunc 2>/dev/null
	check_not "$t-fsck-detects" fsck.mpfs -n "$DEV" >/dev/null 2>&1
	mnt "engine=$e" || { fail "$t-remount"; continue; }
	klog_mark
	err=$(cat "$MNT/a" 2>&1)
	case $err in *"I/O error"* | *"Input/output error"*) pass "$t-pointer-past-device-eio" ;; *) fail "$t-pointer-past-device-eio" "$err" ;; esac
	check "$t-bad-pointer-logged" sh -c "dmesg | tail -n +$((_klog_n + 1)) | grep -q 'mpfs: inode 2'"
	head -c 5120 "$TMP/pat" >"$TMP/p5"
	check "$t-direct-part-still-readable" sh -c "dd if='$MNT/big' bs=1024 count=5 2>/dev/null | cmp -s - '$TMP/p5'"
	err=$(cat "$MNT/big" 2>&1 >/dev/null)
	case $err in *"I/O error"* | *"Input/output error"*) pass "$t-indirect-entry-eio" ;; *) fail "$t-indirect-entry-eio" "$err" ;; esac
	# caught by mpfs before any I/O, not by the block layer past the device end
	check "$t-indirect-entry-logged" sh -c "dmesg | tail -n +$((_klog_n + 1)) | grep -q 'mpfs: inode 3: block pointer out of range'"
	check_not "$t-no-io-past-device" sh -c "dmesg | tail -n +$((_klog_n + 1)) | grep -qi 'beyond end of device\|I/O error, dev'"
	err=$(cat "$MNT/m" 2>&1)
	case $err in *"I/O error"* | *"Input/output error"*) pass "$t-bad-mode-eio" ;; *) fail "$t-bad-mode-eio" "$err" ;; esac
	err=$(cat "$MNT/z" 2>&1)
	case $err in *"I/O error"* | *"Input/output error"*) pass "$t-bad-size-eio" ;; *) fail "$t-bad-size-eio" "$err" ;; esac
	check "$t-umount" umount "$MNT"
done
finish
