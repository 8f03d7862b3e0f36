#!/bin/sh
# fsck.mpfs in the guest: clean on a fresh mkfs at every block size, and
# non-zero with a message on a device damaged with dd (superblock, bitmaps,
# root inode, root directory block). Needs no kernel filesystem support.
DEV=$SCRATCH_DEV
fails=0
pass() { echo "mpfs-test: PASS $1"; }
fail() { echo "mpfs-test: FAIL $1${2:+: $2}"; fails=$((fails + 1)); }
cleanup() { dd if=/dev/zero of="$DEV" bs=65536 count=1 conv=notrunc 2>/dev/null; }
trap cleanup EXIT

# sb_u32 OFFSET: a little-endian u32 superblock field.
sb_u32() { od -An -tu4 -j "$1" -N 4 "$DEV" | tr -d ' '; }
# poke BYTE_OFFSET OCTAL_BYTES: overwrite bytes of the device.
poke() { printf "$2" | dd of="$DEV" bs=1 seek="$1" conv=notrunc 2>/dev/null; }

# damaged NAME EXPECTED_RC PATTERN: fsck must exit EXPECTED_RC and say PATTERN.
damaged() {
	_out=$(fsck.mpfs -n "$DEV" 2>&1)
	_rc=$?
	if [ "$_rc" -eq "$2" ] && echo "$_out" | grep -q "$3"; then
		pass "$1"
	else
		fail "$1" "rc=$_rc: $(echo "$_out" | head -3)"
	fi
}

for bs in 1024 2048 4096; do
	if ! mkfs.mpfs -q -f -b $bs "$DEV"; then
		fail "mkfs-$bs"
		continue
	fi
	if _out=$(fsck.mpfs -n "$DEV" 2>&1) && echo "$_out" | grep -q clean; then
		pass "fresh-clean-$bs"
	else
		fail "fresh-clean-$bs" "$_out"
	fi
	# Superblock fields (uapi/mpfs_fs.h): block bitmap at 32, inode table
	# at 48, first data block at 56 (u64, small enough to read as u32).
	bbm=$(sb_u32 32)
	itab=$(sb_u32 48)
	data=$(sb_u32 56)

	poke 120 '\001' # a label byte: checksum no longer matches
	damaged "sb-checksum-$bs" 4 "checksum"
	mkfs.mpfs -q -f -b $bs "$DEV"

	poke 0 '\000' # magic
	damaged "sb-magic-$bs" 8 "not an mpfs filesystem"
	mkfs.mpfs -q -f -b $bs "$DEV"

	poke $((bbm * bs)) '\000' # metadata blocks marked free
	damaged "block-bitmap-$bs" 4 "free in the block bitmap"
	mkfs.mpfs -q -f -b $bs "$DEV"

	poke $((itab * bs + 2)) '\003\000' # root inode: link count 3
	damaged "root-links-$bs" 4 "link count"
	mkfs.mpfs -q -f -b $bs "$DEV"

	poke $((data * bs + 4)) '\003\000' # rec_len of "." = 3
	damaged "root-dirent-$bs" 4 "rec_len"
	mkfs.mpfs -q -f -b $bs "$DEV"

	poke $((itab * bs + 64)) '\377\377\377\177' # root i_block[2] (offset 56 + 8) far past the end
	damaged "root-pointer-$bs" 4 "outside the data area"
done

[ "$fails" -eq 0 ]
