#!/usr/bin/env bash
# Install everything mpfs needs on Debian 12 (make deps). Idempotent: when all
# is present it only asks dpkg and returns within a second; apt-get runs only
# for what is missing. `deps.sh --check` reports without installing (exit 1
# when something is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

# Build: make, g++, cmake, Kbuild (kmod, the headers); userspace: libblkid,
# GoogleTest/GoogleMock, pkg-config; guest: qemu, busybox-static, cpio, the
# traced workload tools; coverage: gcovr, lcov.
packages=(
	make g++ cmake pkg-config kmod cpio
	libblkid-dev libgtest-dev libgmock-dev gcovr lcov
	qemu-system-x86 busybox-static blktrace fio util-linux xz-utils e2fsprogs
)
# The kernel pair is satisfied by any installed image+headers of one version
# (scripts/kver); the metapackages are only pulled in when no pair exists, so
# an existing pair is never silently replaced by a newer kernel.
kernel_packages=(linux-image-amd64 linux-headers-amd64)

missing=()
while read -r pkg status; do
	[[ $status == ii ]] || missing+=("$pkg")
done < <(for p in "${packages[@]}"; do
	s=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	echo "$p ${s:0:2}"
done)
if ! scripts/kver >/dev/null 2>&1; then
	missing+=("${kernel_packages[@]}")
fi

if [[ ${#missing[@]} -eq 0 ]]; then
	[[ ${1:-} == --quiet ]] || echo "deps: all present (kernel $(scripts/kver))"
	exit 0
fi
if [[ ${1:-} == --check ]]; then
	echo "deps: missing: ${missing[*]}" >&2
	exit 1
fi

echo "deps: installing: ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
	command -v sudo >/dev/null || { echo "deps: need root or sudo to install packages" >&2; exit 1; }
	sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

if ! kver=$(scripts/kver); then
	echo "deps: installed, but no kernel image/headers pair of one version found" >&2
	exit 1
fi
echo "deps: done (kernel $kver)"
