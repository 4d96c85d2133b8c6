#pragma once

#include <cstddef>
#include <cstdint>

// CRC-32C (Castagnoli), as TFRecord framing uses it, with LevelDB's mask (reference/tensorboard.md §1.2). The
// SSE4.2 crc32 instruction is used when the CPU has it, found at run time so one binary runs everywhere.
class Crc32c final {
public:
    static std::uint32_t compute(const void* data, std::size_t size);
    static std::uint32_t masked(const void* data, std::size_t size) { return mask(compute(data, size)); }
    static std::uint32_t mask(std::uint32_t crc) { return ((crc >> 15) | (crc << 17)) + 0xa282ead8u; }
    // The masked CRCs of a record's 8 length bytes and of its payload, in one call: the per-record hot path, where
    // two calls and a byte-wise tail cost more than the CRC instructions themselves.
    static void maskedRecord(const void* header8, const void* data, std::size_t size, std::uint32_t* headerMasked,
        std::uint32_t* dataMasked);

    // Both implementations, exposed so tests can check they agree.
    static std::uint32_t computeTable(const void* data, std::size_t size);
    static std::uint32_t computeHardware(const void* data, std::size_t size); // only if hasHardware()
    static bool hasHardware();
};
