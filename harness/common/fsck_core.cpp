// SPDX-License-Identifier: GPL-2.0
// fsck.mpfs core: superblock, inodes, block maps, directory tree, link
// counts and both bitmaps, checked against each other. Read-only.
#include "fsck_core.h"

#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "format/format.h"

namespace mpfs::tools {

using format::Layout;

const char *problem_name(Problem p)
{
	switch (p) {
	case Problem::superblock: return "superblock";
	case Problem::bad_inode: return "bad_inode";
	case Problem::inode_bitmap: return "inode_bitmap";
	case Problem::block_bitmap: return "block_bitmap";
	case Problem::pointer_range: return "pointer_range";
	case Problem::block_shared: return "block_shared";
	case Problem::past_eof: return "past_eof";
	case Problem::i_blocks: return "i_blocks";
	case Problem::dir_hole: return "dir_hole";
	case Problem::dirent: return "dirent";
	case Problem::dot_entries: return "dot_entries";
	case Problem::duplicate_name: return "duplicate_name";
	case Problem::file_type: return "file_type";
	case Problem::dangling_entry: return "dangling_entry";
	case Problem::dir_multiple_parents: return "dir_multiple_parents";
	case Problem::link_count: return "link_count";
	case Problem::unreachable: return "unreachable";
	case Problem::root: return "root";
	}
	return "unknown";
}

bool FsckResult::has(Problem kind) const
{
	for (const auto &f : findings)
		if (f.kind == kind)
			return true;
	return false;
}

namespace {

/// Per-kind cap on printed findings; the rest are counted in one summary line.
constexpr unsigned kMaxPerKind = 100;

enum class InodeState : uint8_t { free, ok, bad };

/// What a mapped block is, for messages and the EOF rule.
struct Mapping {
	uint64_t first_fb; ///< first file block it maps (itself for data)
	uint64_t end_fb;   ///< one past the last file block it maps
	bool indirect;
};

std::string octal(unsigned v)
{
	std::ostringstream s;
	s << "0" << std::oct << v;
	return s.str();
}

std::string printable_name(const char *name, unsigned len)
{
	std::string s;
	for (unsigned i = 0; i < len; i++) {
		const unsigned char c = static_cast<unsigned char>(name[i]);
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			s += char(c);
		} else {
			char buf[8];
			snprintf(buf, sizeof(buf), "\\x%02x", c);
			s += buf;
		}
	}
	return "'" + s + "'";
}

class Checker {
public:
	Checker(const Target &t, FsckResult &r) : t_(t), r_(r) {}

	void run()
	{
		if (!load_super() || !load_tables())
			return;
		scan_inodes();
		walk_tree();
		check_links();
		check_block_bitmap();
		finish();
	}

private:
	// ---- plumbing ---------------------------------------------------------
	void report(Problem kind, const std::string &msg)
	{
		unsigned &n = per_kind_[kind];
		if (++n <= kMaxPerKind)
			r_.findings.push_back({kind, msg});
		problems_++;
	}

	bool operational(const std::string &msg)
	{
		r_.exit_code = kFsckOperational;
		r_.error = msg;
		return false;
	}

	bool read_block(uint64_t blk, std::vector<uint8_t> &buf)
	{
		buf.resize(l_.block_size);
		std::string err;
		if (!t_.read_at(blk * l_.block_size, buf.data(), buf.size(), err))
			return operational(err);
		return true;
	}

	bool read_region(uint64_t first, uint64_t blocks, std::vector<uint8_t> &buf)
	{
		buf.resize(size_t(blocks * l_.block_size));
		std::string err;
		if (!t_.read_at(first * l_.block_size, buf.data(), buf.size(), err))
			return operational(err);
		return true;
	}

	mpfs_inode inode(uint32_t ino) const
	{
		mpfs_inode i;
		std::memcpy(&i, itable_.data() + size_t(ino - 1) * MPFS_INODE_SIZE, sizeof(i));
		return i;
	}

	ktl::Span<const uint8_t> span(const std::vector<uint8_t> &v) const
	{
		return {v.data(), v.size()};
	}

	// ---- superblock and tables --------------------------------------------
	bool load_super()
	{
		mpfs_super_block sb;
		std::string err;
		if (t_.size() < sizeof(sb))
			return operational(t_.path() + ": too small to hold an mpfs superblock");
		if (!t_.read_at(0, &sb, sizeof(sb), err))
			return operational(err);
		format::SuperReason why;
		auto v = format::validate_super(sb, t_.size(), &why);
		if (v.is_error()) {
			if (why == format::SuperReason::bad_magic)
				return operational(t_.path() + ": not an mpfs filesystem (bad magic)");
			report(Problem::superblock,
			       std::string("superblock: ") + format::super_reason_string(why));
			r_.exit_code = kFsckErrors;
			r_.problems = 1;
			return false;
		}
		l_ = v.value();
		r_.inodes_count = l_.inodes_count;
		r_.blocks_count = l_.blocks_count;
		return true;
	}

	bool load_tables()
	{
		if (!read_region(l_.block_bitmap, l_.block_bitmap_blocks, bbm_) ||
		    !read_region(l_.inode_bitmap, l_.inode_bitmap_blocks, ibm_) ||
		    !read_region(l_.inode_table, l_.inode_table_blocks, itable_))
			return false;
		owner_.assign(size_t(l_.blocks_count), 0);
		state_.assign(size_t(l_.inodes_count) + 1, InodeState::free);
		refs_.assign(size_t(l_.inodes_count) + 1, 0);
		reached_.assign(size_t(l_.inodes_count) + 1, false);
		parent_.assign(size_t(l_.inodes_count) + 1, 0);
		return true;
	}

	// ---- inodes and block maps -------------------------------------------
	void scan_inodes()
	{
		for (uint32_t ino = 1; ino <= l_.inodes_count && r_.exit_code != kFsckOperational; ino++) {
			const mpfs_inode i = inode(ino);
			const bool in_use = i.i_mode != 0;
			const bool marked = format::bitmap_test(span(ibm_), ino - 1);
			if (in_use && !marked)
				report(Problem::inode_bitmap, "inode " + std::to_string(ino) + ": in use (mode " +
								      octal(i.i_mode) + ") but free in the inode bitmap");
			if (!in_use && marked)
				report(Problem::inode_bitmap, "inode " + std::to_string(ino) +
								      ": free but marked in use in the inode bitmap");
			if (!in_use)
				continue;
			r_.inodes_used++;
			format::InodeReason why;
			if (format::check_inode(i, l_, &why).is_error()) {
				report(Problem::bad_inode, "inode " + std::to_string(ino) + ": " +
								   format::inode_reason_string(why));
				state_[ino] = InodeState::bad;
				continue;
			}
			state_[ino] = InodeState::ok;
			scan_block_map(ino, i);
		}
		const uint64_t ibits = uint64_t(ibm_.size()) * 8;
		if (format::bitmap_find_next_zero(span(ibm_), ibits, l_.inodes_count) != ibits)
			report(Problem::inode_bitmap,
			       "inode bitmap: padding bits past the last inode are not all set");
	}

	void scan_block_map(uint32_t ino, const mpfs_inode &i)
	{
		const format::MapGeometry g(l_.block_size);
		const uint64_t ptrs = g.ptrs_per_block();
		cur_ino_ = ino;
		cur_ = &i;
		cur_eof_ = (i.i_size + l_.block_size - 1) >> l_.blkbits;
		cur_mapped_ = 0;
		cur_dir_blocks_.clear();
		const bool is_dir = format::mode_is_dir(i.i_mode);
		cur_is_dir_ = is_dir;

		for (uint32_t s = 0; s < MPFS_NDIR_BLOCKS; s++)
			if (i.i_block[s])
				claim(i.i_block[s], {s, s + 1ULL, false});
		const uint32_t ind = i.i_block[MPFS_IND_BLOCK];
		if (ind && claim(ind, {g.first_indirect_block(), g.first_double_block(), true}))
			scan_indirect(ind, g.first_indirect_block(), 1, ptrs);
		const uint32_t dind = i.i_block[MPFS_DIND_BLOCK];
		if (dind && claim(dind, {g.first_double_block(), g.max_file_blocks(), true}))
			scan_indirect(dind, g.first_double_block(), ptrs, ptrs);
		if (r_.exit_code == kFsckOperational)
			return;

		if (cur_mapped_ != i.i_blocks)
			report(Problem::i_blocks, "inode " + std::to_string(ino) + ": i_blocks is " +
							  std::to_string(i.i_blocks) + " but " +
							  std::to_string(cur_mapped_) + " blocks are mapped");
		if (is_dir) {
			for (uint64_t fb = 0; fb < cur_eof_; fb++)
				if (!cur_dir_blocks_.count(fb))
					report(Problem::dir_hole, "directory inode " + std::to_string(ino) +
									  ": no block mapped at file block " +
									  std::to_string(fb) + " inside its size");
			dir_blocks_[ino] = cur_dir_blocks_;
		}
	}

	/// Follows an indirect block whose slots each map @per_slot file blocks
	/// starting at @first_fb (per_slot > 1: a double-indirect block).
	void scan_indirect(uint32_t blk, uint64_t first_fb, uint64_t per_slot, uint64_t ptrs)
	{
		std::vector<uint8_t> buf;
		if (!read_block(blk, buf))
			return;
		for (uint32_t s = 0; s < ptrs; s++) {
			const uint32_t child = format::indirect_ptr(buf.data(), s);
			if (!child)
				continue;
			const uint64_t fb = first_fb + s * per_slot;
			if (per_slot == 1) {
				claim(child, {fb, fb + 1, false});
			} else if (claim(child, {fb, fb + per_slot, true})) {
				scan_indirect(child, fb, 1, ptrs);
				if (r_.exit_code == kFsckOperational)
					return;
			}
		}
	}

	/// Records that the current inode maps @blk; returns true when the block
	/// may be followed (in range and not already owned).
	bool claim(uint32_t blk, Mapping m)
	{
		const std::string who = "inode " + std::to_string(cur_ino_);
		const std::string what = m.indirect ? "indirect block " + std::to_string(blk) + " (file blocks " +
							      std::to_string(m.first_fb) + ".." +
							      std::to_string(m.end_fb - 1) + ")"
						    : "block " + std::to_string(blk) + " (file block " +
							      std::to_string(m.first_fb) + ")";
		if (!l_.is_data_block(blk)) {
			report(Problem::pointer_range, who + ": " + what + " is outside the data area [" +
								std::to_string(l_.first_data_block) + ", " +
								std::to_string(l_.blocks_count) + ")");
			return false;
		}
		cur_mapped_++;
		if (m.first_fb >= cur_eof_)
			report(Problem::past_eof,
			       who + ": " + what + " is mapped past the end of the file (size " +
				       std::to_string(cur_->i_size) + ")");
		if (owner_[blk]) {
			report(Problem::block_shared,
			       "block " + std::to_string(blk) + " is used twice: by inode " +
				       std::to_string(owner_[blk]) + " and by " + who + " as " + what);
			return false;
		}
		owner_[blk] = cur_ino_;
		if (!m.indirect && cur_is_dir_)
			cur_dir_blocks_[m.first_fb] = blk;
		return true;
	}

	// ---- directory tree ---------------------------------------------------
	void walk_tree()
	{
		if (r_.exit_code == kFsckOperational)
			return;
		const mpfs_inode root = inode(MPFS_ROOT_INO);
		if (state_[MPFS_ROOT_INO] == InodeState::free || !format::mode_is_dir(root.i_mode)) {
			report(Problem::root, "root inode 1 is not an in-use directory");
			return;
		}
		if (state_[MPFS_ROOT_INO] == InodeState::bad)
			return; // already reported; its blocks cannot be trusted
		reached_[MPFS_ROOT_INO] = true;
		parent_[MPFS_ROOT_INO] = MPFS_ROOT_INO;
		std::deque<uint32_t> queue{MPFS_ROOT_INO};
		while (!queue.empty() && r_.exit_code != kFsckOperational) {
			const uint32_t dir = queue.front();
			queue.pop_front();
			walk_dir(dir, queue);
		}
	}

	void walk_dir(uint32_t dir, std::deque<uint32_t> &queue)
	{
		const std::string who = "directory inode " + std::to_string(dir);
		const auto &blocks = dir_blocks_[dir];
		std::set<std::string> names;
		bool dots_ok = false;
		std::vector<uint8_t> buf;
		for (const auto &[fb, blk] : blocks) {
			if (fb >= cur_eof_of(dir))
				continue; // already reported as past EOF
			if (!read_block(blk, buf))
				return;
			const auto block = span(buf);
			if (fb == 0)
				dots_ok = check_dots(dir, block);
			format::DirentIter it(block, l_.inodes_count);
			format::Dirent d;
			unsigned index = 0;
			while (it.next(d)) {
				const bool is_dot_slot = fb == 0 && index < 2;
				index++;
				if (!d.used())
					continue;
				const std::string name(d.name, d.name_len);
				const std::string where = who + ", " + printable_name(d.name, d.name_len);
				if (format::is_dot_or_dotdot(d.name, d.name_len)) {
					if (!is_dot_slot)
						report(Problem::dot_entries, where + ": stray '.' or '..' entry at file block " +
									    std::to_string(fb) + " offset " +
									    std::to_string(d.offset));
					continue; // counted by check_dots()
				}
				if (!names.insert(name).second)
					report(Problem::duplicate_name, where + ": name appears more than once");
				visit_entry(dir, d, where, queue);
			}
			if (it.reason() != format::DirentReason::ok)
				report(Problem::dirent, who + ": block " + std::to_string(blk) + " (file block " +
								std::to_string(fb) + "), offset " +
								std::to_string(it.offset()) + ": " +
								format::dirent_reason_string(it.reason()));
		}
		if (!dots_ok)
			report(Problem::dot_entries,
			       who + ": first block does not start with '.' (itself) and '..' (its parent " +
				       std::to_string(parent_[dir]) + ")");
	}

	uint64_t cur_eof_of(uint32_t ino) const
	{
		return (inode(ino).i_size + l_.block_size - 1) >> l_.blkbits;
	}

	/// Checks "." and ".." of @dir's first block and counts their references.
	bool check_dots(uint32_t dir, ktl::Span<const uint8_t> block)
	{
		format::DirentIter it(block, l_.inodes_count);
		format::Dirent dot, dotdot;
		if (!it.next(dot) || !it.next(dotdot))
			return false;
		bool ok = true;
		if (dot.inode == dir && dot.name_len == 1 && dot.name[0] == '.' &&
		    dot.file_type == MPFS_FT_DIR)
			refs_[dir]++;
		else
			ok = false;
		if (dotdot.inode == parent_[dir] && dotdot.name_len == 2 && dotdot.name[0] == '.' &&
		    dotdot.name[1] == '.' && dotdot.file_type == MPFS_FT_DIR)
			refs_[parent_[dir]]++;
		else
			ok = false;
		return ok;
	}

	void visit_entry(uint32_t dir, const format::Dirent &d, const std::string &where,
			 std::deque<uint32_t> &queue)
	{
		const uint32_t target = d.inode;
		if (state_[target] == InodeState::free) {
			report(Problem::dangling_entry, where + ": names inode " + std::to_string(target) +
								", which is free");
			return;
		}
		const mpfs_inode ti = inode(target);
		if (d.file_type != format::file_type_of_mode(ti.i_mode))
			report(Problem::file_type, where + ": file type " + std::to_string(d.file_type) +
							   " but inode " + std::to_string(target) + " has mode " +
							   octal(ti.i_mode));
		refs_[target]++;
		if (!format::mode_is_dir(ti.i_mode)) {
			reached_[target] = true;
			return;
		}
		if (reached_[target]) {
			report(Problem::dir_multiple_parents,
			       where + ": directory inode " + std::to_string(target) +
				       " is already linked from directory inode " + std::to_string(parent_[target]));
			return;
		}
		reached_[target] = true;
		parent_[target] = dir;
		if (state_[target] == InodeState::ok)
			queue.push_back(target);
	}

	// ---- link counts, reachability, block bitmap ---------------------------
	void check_links()
	{
		if (r_.exit_code == kFsckOperational)
			return;
		for (uint32_t ino = 1; ino <= l_.inodes_count; ino++) {
			if (state_[ino] == InodeState::free)
				continue;
			const mpfs_inode i = inode(ino);
			if (!reached_[ino]) {
				if (ino == MPFS_ROOT_INO)
					continue; // reported as a root problem
				report(Problem::unreachable, "inode " + std::to_string(ino) + " (mode " +
								     octal(i.i_mode) +
								     ") is in use but not reachable from the root");
				continue;
			}
			if (i.i_links_count != refs_[ino])
				report(Problem::link_count, "inode " + std::to_string(ino) + ": link count is " +
								    std::to_string(i.i_links_count) + " but " +
								    std::to_string(refs_[ino]) +
								    (refs_[ino] == 1 ? " directory entry names it"
										     : " directory entries name it"));
		}
	}

	void check_block_bitmap()
	{
		if (r_.exit_code == kFsckOperational)
			return;
		for (uint64_t b = 0; b < l_.blocks_count; b++) {
			const bool used = b < l_.first_data_block || owner_[b] != 0;
			const bool marked = format::bitmap_test(span(bbm_), b);
			if (used)
				r_.blocks_used++;
			if (used && !marked)
				report(Problem::block_bitmap,
				       "block " + std::to_string(b) + ": " +
					       (b < l_.first_data_block ? std::string("metadata")
									: "used by inode " + std::to_string(owner_[b])) +
					       " but free in the block bitmap");
			else if (!used && marked)
				report(Problem::block_bitmap, "block " + std::to_string(b) +
								      ": marked in use in the block bitmap but not used");
		}
		const uint64_t bits = uint64_t(bbm_.size()) * 8;
		if (format::bitmap_find_next_zero(span(bbm_), bits, l_.blocks_count) != bits)
			report(Problem::block_bitmap,
			       "block bitmap: padding bits past the last block are not all set");
	}

	void finish()
	{
		if (r_.exit_code == kFsckOperational)
			return;
		for (const auto &[kind, n] : per_kind_)
			if (n > kMaxPerKind)
				r_.findings.push_back({kind, "... and " + std::to_string(n - kMaxPerKind) +
								     " more problems of kind " + problem_name(kind)});
		r_.problems = problems_;
		r_.exit_code = problems_ ? kFsckErrors : kFsckClean;
	}

	const Target &t_;
	FsckResult &r_;
	Layout l_{};
	std::vector<uint8_t> bbm_, ibm_, itable_;
	std::vector<uint32_t> owner_;    ///< block -> inode mapping it (0 = none)
	std::vector<InodeState> state_;  ///< by inode number
	std::vector<uint32_t> refs_;     ///< directory entries naming each inode
	std::vector<bool> reached_;      ///< reachable from the root
	std::vector<uint32_t> parent_;   ///< directory -> directory it was found in
	std::unordered_map<uint32_t, std::map<uint64_t, uint32_t>> dir_blocks_; ///< dir -> fb -> block
	std::map<Problem, unsigned> per_kind_;
	uint64_t problems_ = 0;

	// State of the inode whose block map is being scanned.
	uint32_t cur_ino_ = 0;
	const mpfs_inode *cur_ = nullptr;
	uint64_t cur_eof_ = 0;
	uint64_t cur_mapped_ = 0;
	bool cur_is_dir_ = false;
	std::map<uint64_t, uint32_t> cur_dir_blocks_;
};

} // namespace

FsckResult check_filesystem(const Target &t)
{
	FsckResult r;
	Checker(t, r).run();
	return r;
}

} // namespace mpfs::tools
