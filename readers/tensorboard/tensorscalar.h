#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

// Numeric TensorProto dtypes (reference/tensorboard.md §4.7) and how one element of each becomes a double.
class TensorScalar final {
public:
    enum DType {
        Float = 1,
        Double = 2,
        Int32 = 3,
        UInt8 = 4,
        Int16 = 5,
        Int8 = 6,
        String = 7,
        Int64 = 9,
        Bool = 10,
        BFloat16 = 14,
        UInt16 = 17,
        Half = 19,
        UInt32 = 22,
        UInt64 = 23,
    };
    static bool isNumeric(int dtype);
    static int byteWidth(int dtype); // of one element in tensor_content; 0 if not numeric
    // The first element of little-endian `tensor_content`; nullopt if too short or not numeric.
    static std::optional<double> fromContent(int dtype, std::string_view content);
    // half_val holds fp16 or bfloat16 bit patterns in the low 16 bits.
    static double fromHalfBits(int dtype, std::uint32_t bits);
    static double fromHalf(std::uint16_t bits);
    static double fromBFloat16(std::uint16_t bits);
};
