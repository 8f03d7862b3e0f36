// SPDX-License-Identifier: GPL-2.0
// Directory inode operations: lookup, create, mkdir, symlink, link, unlink,
// rmdir, rename. Link counting follows ext2: a directory has 2 + subdirs.
#include "fs/fs.h"

namespace mpfs::fs {
namespace {

constexpr u32 kMaxLinks = 0xffff; // i_links_count is 16 bits
constexpr int kEMLINK = 31;

struct Name {
	const char *p;
	u32 len;
};

Name name_of(struct dentry *dentry)
{
	unsigned int len;
	const char *p = shim_dentry_name(dentry, &len);
	return Name{p, len};
}

void inc_link(struct inode *inode)
{
	shim_inc_nlink(inode);
	shim_mark_inode_dirty(inode);
}

void dec_link(struct inode *inode)
{
	shim_drop_nlink(inode);
	shim_mark_inode_dirty(inode);
}

/// A link count too low for the entries about to be removed is corruption
/// (e.g. two directory entries naming an inode with i_links_count 1): the
/// operation is refused before anything changes, instead of letting
/// drop_nlink() go below zero (a kernel WARNING) or a directory still in
/// use reach zero links and be freed on eviction.
ktl::Result<void> need_links(struct inode *inode, u32 need)
{
	const u32 n = shim_inode_nlink(inode);
	if (n < need)
		return corrupt(inode, "link count lower than its directory entries", n);
	return {};
}

/// Undo of new_inode() once the inode is hashed: eviction frees it.
void discard(struct inode *inode)
{
	shim_clear_nlink(inode);
	shim_mark_inode_dirty(inode);
	shim_discard_new_inode(inode);
}

ktl::Result<void> create_node(struct mpfs_idmap *idmap, struct inode *dir, struct dentry *dentry,
			      u16 mode, const char *symname)
{
	const Name n = name_of(dentry);
	if (n.len > MPFS_NAME_LEN)
		return ktl::Error::from_errno(-ktl::kENAMETOOLONG);
	u32 symlen = 0;
	if (symname) {
		while (symname[symlen])
			symlen++;
		if (symlen + 1 > super_info_of(dir).block_size())
			return ktl::Error::from_errno(-ktl::kENAMETOOLONG);
	}
	struct inode *inode = KTRY(new_inode(idmap, dir, mode));
	if (symname) {
		int rc = shim_page_symlink(inode, symname, int(symlen + 1));
		if (rc) {
			discard(inode);
			return ktl::Error::from_errno(rc);
		}
	}
	auto r = dir_add(dir, n.p, n.len, u32(shim_inode_ino(inode)), format::file_type_of_mode(mode));
	if (r.is_error()) {
		discard(inode);
		return r;
	}
	shim_d_instantiate_new(dentry, inode);
	return {};
}

ktl::Result<void> mkdir(struct mpfs_idmap *idmap, struct inode *dir, struct dentry *dentry, u16 mode)
{
	const Name n = name_of(dentry);
	if (n.len > MPFS_NAME_LEN)
		return ktl::Error::from_errno(-ktl::kENAMETOOLONG);
	if (shim_inode_nlink(dir) >= kMaxLinks)
		return ktl::Error::from_errno(-kEMLINK);
	struct inode *inode = KTRY(new_inode(idmap, dir, u16(format::kModeDir | (mode & 07777))));
	shim_set_nlink(inode, 2);
	auto r = dir_make_empty(inode, u32(shim_inode_ino(dir)));
	if (r.is_ok())
		r = dir_add(dir, n.p, n.len, u32(shim_inode_ino(inode)), MPFS_FT_DIR);
	if (r.is_error()) {
		discard(inode);
		return r;
	}
	inc_link(dir);
	shim_d_instantiate_new(dentry, inode);
	return {};
}

ktl::Result<void> unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = shim_d_inode(dentry);
	const Name n = name_of(dentry);
	DirSlot slot = KTRY(dir_find(dir, n.p, n.len));
	if (slot.ino != shim_inode_ino(inode))
		return corrupt(dir, "directory entry changed under unlink, inode", slot.ino);
	KTRY(need_links(inode, 1));
	dir_remove(dir, slot);
	shim_inode_touch_ctime(inode);
	dec_link(inode);
	return {};
}

ktl::Result<void> rmdir(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = shim_d_inode(dentry);
	if (!KTRY(dir_is_empty(inode)))
		return ktl::Error::from_errno(-ktl::kENOTEMPTY);
	KTRY(need_links(inode, 2)); // its entry and its "."
	KTRY(need_links(dir, 3));   // its entry, its "." and the child's ".."
	KTRY(unlink(dir, dentry));
	shim_i_size_write(inode, 0);
	dec_link(inode);
	dec_link(dir);
	return {};
}

ktl::Result<void> rename(struct inode *old_dir, struct dentry *old_dentry, struct inode *new_dir,
			 struct dentry *new_dentry, unsigned int flags)
{
	constexpr unsigned int kRenameNoreplace = 1;
	if (flags & ~kRenameNoreplace)
		return ktl::Error::from_errno(-ktl::kEINVAL);
	struct inode *old_inode = shim_d_inode(old_dentry);
	struct inode *new_inode = shim_d_inode(new_dentry);
	const Name on = name_of(old_dentry), nn = name_of(new_dentry);
	if (nn.len > MPFS_NAME_LEN)
		return ktl::Error::from_errno(-ktl::kENAMETOOLONG);
	const bool is_dir = format::mode_is_dir(shim_inode_mode(old_inode));
	const u8 ftype = format::file_type_of_mode(shim_inode_mode(old_inode));

	DirSlot old_slot = KTRY(dir_find(old_dir, on.p, on.len));
	if (old_slot.ino != shim_inode_ino(old_inode))
		return corrupt(old_dir, "directory entry changed under rename, inode", old_slot.ino);
	DirSlot dotdot{};
	bool have_dotdot = false;
	if (is_dir) {
		auto dd = dir_dotdot(old_inode);
		if (dd.is_error())
			return dd.error();
		dotdot = ktl::move(dd.value());
		have_dotdot = true;
		KTRY(need_links(old_dir, 3)); // loses the moved directory's ".."
	}
	if (new_inode) {
		if (is_dir && !KTRY(dir_is_empty(new_inode)))
			return ktl::Error::from_errno(-ktl::kENOTEMPTY);
		KTRY(need_links(new_inode, is_dir ? 2 : 1));
		DirSlot new_slot = KTRY(dir_find(new_dir, nn.p, nn.len));
		dir_set(new_dir, new_slot, u32(shim_inode_ino(old_inode)), ftype);
		shim_inode_touch_ctime(new_inode);
		if (is_dir)
			shim_drop_nlink(new_inode); // its "." entry
		dec_link(new_inode);
	} else {
		if (is_dir && new_dir != old_dir && shim_inode_nlink(new_dir) >= kMaxLinks)
			return ktl::Error::from_errno(-kEMLINK);
		KTRY(dir_add(new_dir, nn.p, nn.len, u32(shim_inode_ino(old_inode)), ftype));
		if (is_dir)
			inc_link(new_dir);
	}
	shim_inode_touch_ctime(old_inode);
	shim_mark_inode_dirty(old_inode);
	// Re-find the old entry: adding to the same directory may have split records of its block.
	{
		old_slot.bh.reset();
		DirSlot again = KTRY(dir_find(old_dir, on.p, on.len));
		dir_remove(old_dir, again);
	}
	if (have_dotdot) {
		if (old_dir != new_dir)
			dir_set(old_inode, dotdot, u32(shim_inode_ino(new_dir)), MPFS_FT_DIR);
		dec_link(old_dir);
	}
	return {};
}

} // namespace
} // namespace mpfs::fs

using namespace mpfs::fs;
namespace format = mpfs::format;

extern "C" struct dentry *mpfs_lookup(struct inode *dir, struct dentry *dentry, unsigned int flags)
{
	const Name n = name_of(dentry);
	if (n.len > MPFS_NAME_LEN)
		return static_cast<struct dentry *>(shim_err_ptr(-ktl::kENAMETOOLONG));
	auto ino = dir_find_ino(dir, n.p, n.len);
	if (ino.is_error())
		return static_cast<struct dentry *>(shim_err_ptr(ino.to_errno()));
	struct inode *inode = nullptr;
	if (ino.value()) {
		auto r = iget(shim_inode_sb(dir), *ino.value());
		if (r.is_error())
			return static_cast<struct dentry *>(shim_err_ptr(r.to_errno()));
		inode = r.value();
	}
	return shim_d_splice_alias(inode, dentry);
}

extern "C" int mpfs_create(struct mpfs_idmap *idmap, struct inode *dir, struct dentry *dentry,
			   unsigned short mode, bool excl)
{
	return create_node(idmap, dir, dentry, mode, nullptr).to_errno();
}

extern "C" int mpfs_symlink(struct mpfs_idmap *idmap, struct inode *dir, struct dentry *dentry,
			    const char *symname)
{
	return create_node(idmap, dir, dentry, u16(format::kModeLnk | 0777), symname).to_errno();
}

extern "C" int mpfs_mkdir(struct mpfs_idmap *idmap, struct inode *dir, struct dentry *dentry,
			  unsigned short mode)
{
	return mkdir(idmap, dir, dentry, mode).to_errno();
}

extern "C" int mpfs_link(struct dentry *old_dentry, struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = shim_d_inode(old_dentry);
	const Name n = name_of(dentry);
	if (n.len > MPFS_NAME_LEN)
		return -ktl::kENAMETOOLONG;
	if (shim_inode_nlink(inode) >= kMaxLinks)
		return -kEMLINK;
	auto r = dir_add(dir, n.p, n.len, u32(shim_inode_ino(inode)),
			 format::file_type_of_mode(shim_inode_mode(inode)));
	if (r.is_error())
		return r.to_errno();
	shim_inode_touch_ctime(inode);
	inc_link(inode);
	shim_ihold(inode);
	shim_d_instantiate(dentry, inode);
	return 0;
}

extern "C" int mpfs_unlink(struct inode *dir, struct dentry *dentry)
{
	return unlink(dir, dentry).to_errno();
}

extern "C" int mpfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	return rmdir(dir, dentry).to_errno();
}

extern "C" int mpfs_rename(struct mpfs_idmap *idmap, struct inode *old_dir, struct dentry *old_dentry,
			   struct inode *new_dir, struct dentry *new_dentry, unsigned int flags)
{
	return rename(old_dir, old_dentry, new_dir, new_dentry, flags).to_errno();
}
