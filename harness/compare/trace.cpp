// SPDX-License-Identifier: GPL-2.0
#include "trace.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace mpfs::compare {
namespace {

bool is_uint(const std::string &s)
{
	return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool parse_uint(const std::string &s, uint64_t &v)
{
	if (!is_uint(s) || s.size() > 19)
		return false;
	v = std::stoull(s);
	return true;
}

/// "252,16": a major,minor device.
bool is_dev(const std::string &s)
{
	auto comma = s.find(',');
	return comma != std::string::npos && is_uint(s.substr(0, comma)) && is_uint(s.substr(comma + 1));
}

bool is_time(const std::string &s)
{
	auto dot = s.find('.');
	return dot != std::string::npos && is_uint(s.substr(0, dot)) && is_uint(s.substr(dot + 1));
}

std::string trim(const std::string &s)
{
	auto b = s.find_first_not_of(" \t\r");
	auto e = s.find_last_not_of(" \t\r");
	return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

} // namespace

std::string Bio::key() const
{
	if (!has_range)
		return rwbs;
	return rwbs + " " + std::to_string(sector) + "+" + std::to_string(sectors);
}

std::vector<Bio> parse_blkparse(const std::string &text, size_t *bad_lines)
{
	std::vector<Bio> out;
	size_t bad = 0;
	std::istringstream in(text);
	std::string line;
	while (std::getline(in, line)) {
		std::istringstream ls(line);
		std::vector<std::string> tok;
		std::string t;
		while (ls >> t)
			tok.push_back(t);
		// dev cpu seq time pid action rwbs ...
		if (tok.size() < 7 || !is_dev(tok[0]) || !is_uint(tok[1]) || !is_uint(tok[2]) || !is_time(tok[3]) ||
		    !is_uint(tok[4]))
			continue;
		if (tok[5] != "Q")
			continue;
		Bio b;
		b.rwbs = tok[6];
		b.line = trim(line);
		size_t i = 7;
		if (i < tok.size() && is_uint(tok[i])) {
			if (i + 2 >= tok.size() || tok[i + 1] != "+" || !parse_uint(tok[i], b.sector) ||
			    !parse_uint(tok[i + 2], b.sectors)) {
				bad++;
				continue;
			}
			b.has_range = true;
			i += 3;
		}
		if (i < tok.size() && tok[i].front() == '[') {
			auto open = line.find('[');
			auto close = line.rfind(']');
			b.process = close != std::string::npos && close > open ? line.substr(open + 1, close - open - 1)
									       : tok[i].substr(1);
		}
		out.push_back(std::move(b));
	}
	if (bad_lines)
		*bad_lines = bad;
	return out;
}

std::vector<Bio> filter(const std::vector<Bio> &bios, const CompareOptions &opt)
{
	if (opt.min_sector == 0)
		return bios;
	std::vector<Bio> out;
	for (const Bio &b : bios)
		if (b.has_range && b.sector >= opt.min_sector)
			out.push_back(b);
	return out;
}

std::vector<Bio> join_full_bios(const std::vector<Bio> &bios, size_t *joined)
{
	std::vector<Bio> out;
	size_t n = 0;
	// The size of the bio that ended the current joined run: only a full one
	// may be continued (the joined total is no evidence of fullness).
	uint64_t last_piece = 0;
	for (const Bio &b : bios) {
		if (!out.empty()) {
			Bio &prev = out.back();
			if (prev.has_range && b.has_range && prev.rwbs == b.rwbs && last_piece >= kFullBioSectors &&
			    prev.sector + prev.sectors == b.sector) {
				prev.sectors += b.sectors;
				prev.line += " (joined with: " + b.line + ")";
				last_piece = b.sectors;
				n++;
				continue;
			}
		}
		out.push_back(b);
		last_piece = b.sectors;
	}
	if (joined)
		*joined = n;
	return out;
}

Comparison compare(const std::vector<Bio> &kernel_all, const std::vector<Bio> &port_all, const CompareOptions &opt)
{
	Comparison c;
	std::vector<Bio> k = filter(kernel_all, opt), p = filter(port_all, opt);
	c.kernel_bios = k.size(); // as queued; joins are reported apart
	c.port_bios = p.size();
	if (opt.join_full_bios) {
		k = join_full_bios(k, &c.kernel_joined);
		p = join_full_bios(p, &c.port_joined);
	}
	size_t n = std::min(k.size(), p.size()), i = 0;
	while (i < n && k[i].same_as(p[i]))
		i++;
	if (i == n && k.size() == p.size()) {
		c.identical = true;
		c.report = "identical: " + std::to_string(k.size()) + " queued bios";
		if (c.kernel_joined || c.port_joined)
			c.report += " (full-bio splits joined: kernel " + std::to_string(c.kernel_joined) + ", port " +
				    std::to_string(c.port_joined) + ")";
		c.report += "\n";
		return c;
	}
	c.first_divergence = i;
	std::ostringstream r;
	r << "DIVERGENCE at bio #" << i << " (kernel " << k.size() << " bios, port " << p.size() << " bios";
	if (c.kernel_joined || c.port_joined)
		r << "; after joining full-bio splits: kernel " << c.kernel_joined << ", port " << c.port_joined;
	r << ")\n";
	size_t from = i > opt.context ? i - opt.context : 0;
	size_t to = std::max(k.size(), p.size());
	to = std::min(to, i + opt.context + 1);
	char buf[160];
	snprintf(buf, sizeof(buf), "  %-6s %-28s %-28s\n", "#", "kernel", "port");
	r << buf;
	for (size_t j = from; j < to; j++) {
		std::string ks = j < k.size() ? k[j].key() : "-";
		std::string ps = j < p.size() ? p[j].key() : "-";
		bool same = j < k.size() && j < p.size() && k[j].same_as(p[j]);
		snprintf(buf, sizeof(buf), "%s %-6zu %-28s %-28s\n", same ? " " : (j == i ? ">" : "*"), j, ks.c_str(),
			 ps.c_str());
		r << buf;
	}
	if (i < k.size())
		r << "  kernel: " << k[i].line << "\n";
	if (i < p.size())
		r << "  port:   " << p[i].line << "\n";
	c.report = r.str();
	return c;
}

BioSummary summarize(const std::vector<Bio> &bios)
{
	BioSummary s;
	for (const Bio &b : bios) {
		s.all_bios++;
		if (!b.has_range || b.sectors == 0)
			continue;
		s.bios++;
		s.bytes += b.sectors * 512;
	}
	return s;
}

std::string json_quote(const std::string &s)
{
	std::string o = "\"";
	for (unsigned char ch : s) {
		switch (ch) {
		case '"': o += "\\\""; break;
		case '\\': o += "\\\\"; break;
		case '\n': o += "\\n"; break;
		case '\t': o += "\\t"; break;
		default:
			if (ch < 0x20) {
				char b[8];
				snprintf(b, sizeof(b), "\\u%04x", ch);
				o += b;
			} else {
				o += static_cast<char>(ch);
			}
		}
	}
	return o + "\"";
}

} // namespace mpfs::compare
