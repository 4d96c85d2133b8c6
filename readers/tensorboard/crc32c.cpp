#include "crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <nmmintrin.h>
#define RUNLENS_CRC32C_X86 1
#endif

namespace {

constexpr std::uint32_t kPolynomial = 0x82F63B78u; // 0x1EDC6F41 reflected

// Slicing-by-8 tables: table[k][b] is the CRC of byte b followed by k zero bytes, so eight bytes are folded per
// step instead of one; about 4x the speed of the byte-wise loop on CPUs without the instruction.
using Tables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr Tables makeTables()
{
    Tables t {};
    for (std::uint32_t b = 0; b < 256; ++b) {
        std::uint32_t crc = b;
        for (int i = 0; i < 8; ++i)
            crc = (crc >> 1) ^ ((crc & 1u) ? kPolynomial : 0u);
        t[0][b] = crc;
    }
    for (std::size_t k = 1; k < 8; ++k) {
        for (std::size_t b = 0; b < 256; ++b)
            t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xffu];
    }
    return t;
}

constexpr Tables kTables = makeTables();

#ifdef RUNLENS_CRC32C_X86
__attribute__((target("sse4.2"))) std::uint32_t crcSse42(const unsigned char* p, std::size_t n)
{
    std::uint64_t crc = 0xFFFFFFFFu;
    while (n >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        crc = _mm_crc32_u64(crc, word);
        p += 8;
        n -= 8;
    }
    auto crc32 = static_cast<std::uint32_t>(crc);
    while (n > 0) {
        crc32 = _mm_crc32_u8(crc32, *p++);
        --n;
    }
    return crc32 ^ 0xFFFFFFFFu;
}

bool detectSse42()
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2");
}
#endif

} // namespace

std::uint32_t Crc32c::computeTable(const void* data, std::size_t size)
{
    const auto* p = static_cast<const unsigned char*>(data);
    std::uint32_t crc = 0xFFFFFFFFu;
    while (size >= 8) {
        std::uint32_t lo;
        std::uint32_t hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + 4, 4);
        lo ^= crc;
        crc = kTables[7][lo & 0xffu] ^ kTables[6][(lo >> 8) & 0xffu] ^ kTables[5][(lo >> 16) & 0xffu]
            ^ kTables[4][lo >> 24] ^ kTables[3][hi & 0xffu] ^ kTables[2][(hi >> 8) & 0xffu]
            ^ kTables[1][(hi >> 16) & 0xffu] ^ kTables[0][hi >> 24];
        p += 8;
        size -= 8;
    }
    while (size > 0) {
        crc = (crc >> 8) ^ kTables[0][(crc ^ *p++) & 0xffu];
        --size;
    }
    return crc ^ 0xFFFFFFFFu;
}

bool Crc32c::hasHardware()
{
#ifdef RUNLENS_CRC32C_X86
    static const bool has = detectSse42();
    return has;
#else
    return false;
#endif
}

std::uint32_t Crc32c::computeHardware(const void* data, std::size_t size)
{
#ifdef RUNLENS_CRC32C_X86
    return crcSse42(static_cast<const unsigned char*>(data), size);
#else
    return computeTable(data, size);
#endif
}

std::uint32_t Crc32c::compute(const void* data, std::size_t size)
{
    return hasHardware() ? computeHardware(data, size) : computeTable(data, size);
}
