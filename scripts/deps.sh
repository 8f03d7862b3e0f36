#!/usr/bin/env bash
# Install everything mpfs needs on Debian 12 (make deps). Idempotent: when all
# is present it only asks dpkg and returns within a second; apt-get runs only
# for what is missing. `deps.sh --check` reports without installing (exit 1
# when something is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

# Build: make, g++, cmake, Kbuild (kmod, the headers); userspace: libblkid,
# GoogleTest/GoogleMock, pkg-config; guest: qemu, busybox-static, cpio, xz and
# zstd (qemu/kernel-image unpacks the kernels), the
# traced workload tools; coverage: gcovr, lcov; make bench: gnuplot; make
# stress: dmsetup (device-mapper fault targets in the guest); make fuzz and
# scripts/check-asan: clang-14 with its libFuzzer/sanitizer runtimes.
packages=(
	make g++ cmake pkg-config kmod cpio
	libblkid-dev libgtest-dev libgmock-dev gcovr lcov
	clang-14 libclang-rt-14-dev
	qemu-system-x86 busybox-static blktrace fio util-linux xz-utils zstd e2fsprogs gnuplot-nox
	dmsetup
)
# Both kernel series of Debian 12 (scripts/kver lists the supported ones). A
# series is satisfied by any installed image+headers pair of one of its
# versions; its metapackages are only pulled in when no pair exists, so an
# existing pair is never silently replaced by a newer kernel.
declare -A kernel_packages=(
	[6.1]="linux-image-amd64 linux-headers-amd64"
	[6.12]="linux-image-6.12-amd64 linux-headers-6.12-amd64"
)

missing=()
while read -r pkg status; do
	[[ $status == ii ]] || missing+=("$pkg")
done < <(for p in "${packages[@]}"; do
	s=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	echo "$p ${s:0:2}"
done)
installed_series=$(for v in $(KVER= scripts/kver --all 2>/dev/null); do scripts/kver --series "$v"; done)
for series in "${!kernel_packages[@]}"; do
	grep -qx "$series" <<<"$installed_series" || missing+=(${kernel_packages[$series]})
done

if [[ ${#missing[@]} -eq 0 ]]; then
	[[ ${1:-} == --quiet ]] || echo "deps: all present (kernels $(KVER= scripts/kver --all | paste -sd' '))"
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
# The guest boots the kernels with the project's own initramfs: skip the
# host initramfs that each kernel package would otherwise build (minutes).
export INITRD=No
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

if [[ $(KVER= scripts/kver --all 2>/dev/null | wc -l) -lt ${#kernel_packages[@]} ]]; then
	echo "deps: installed, but not every kernel series has an image/headers pair of one version" >&2
	exit 1
fi
echo "deps: done (kernels $(KVER= scripts/kver --all | paste -sd' '))"
