/* SPDX-License-Identifier: GPL-2.0 */
// errno values for freestanding C++ that may not include kernel headers. The
// numbers are the Linux ABI (asm-generic/errno-base.h, errno.h), identical in
// the module and in userspace; ktl::Error stores them negated. The names carry
// a k prefix because <errno.h> defines EINVAL etc. as macros in userspace.
#pragma once

namespace ktl {
inline constexpr int kEPERM = 1;
inline constexpr int kENOENT = 2;
inline constexpr int kEIO = 5;
inline constexpr int kENOMEM = 12;
inline constexpr int kEFAULT = 14;
inline constexpr int kEBUSY = 16;
inline constexpr int kEEXIST = 17;
inline constexpr int kENOTDIR = 20;
inline constexpr int kEISDIR = 21;
inline constexpr int kEINVAL = 22;
inline constexpr int kEFBIG = 27;
inline constexpr int kENOSPC = 28;
inline constexpr int kERANGE = 34;
inline constexpr int kENAMETOOLONG = 36;
inline constexpr int kENOTEMPTY = 39;
inline constexpr int kEUCLEAN = 117;  ///< "Structure needs cleaning": corrupt metadata
inline constexpr int kENOTTY = 25;
inline constexpr int kEOPNOTSUPP = 95;
} // namespace ktl
