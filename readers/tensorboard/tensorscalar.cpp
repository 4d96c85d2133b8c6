#include "tensorscalar.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace {

template <typename T> T loadLe(const char* p)
{
    // Event files are little-endian, and so is every platform RunLens builds on (static_assert below).
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
}

static_assert(std::endian::native == std::endian::little, "tensor_content is little-endian");

} // namespace

bool TensorScalar::isNumeric(int dtype) { return byteWidth(dtype) > 0; }

int TensorScalar::byteWidth(int dtype)
{
    switch (dtype) {
    case Float:
    case Int32:
    case UInt32:
        return 4;
    case Double:
    case Int64:
    case UInt64:
        return 8;
    case Int16:
    case UInt16:
    case Half:
    case BFloat16:
        return 2;
    case Int8:
    case UInt8:
    case Bool:
        return 1;
    default:
        return 0;
    }
}

double TensorScalar::fromHalf(std::uint16_t bits)
{
    const int sign = (bits >> 15) & 1;
    const int exponent = (bits >> 10) & 0x1f;
    const int mantissa = bits & 0x3ff;
    double magnitude;
    if (exponent == 0)
        magnitude = std::ldexp(static_cast<double>(mantissa), -24); // subnormal
    else if (exponent == 31)
        magnitude = mantissa == 0 ? std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
    else
        magnitude = std::ldexp(static_cast<double>(mantissa | 0x400), exponent - 25);
    return sign ? -magnitude : magnitude;
}

double TensorScalar::fromBFloat16(std::uint16_t bits)
{
    // bfloat16 is the top half of an IEEE float32.
    return static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(bits) << 16));
}

double TensorScalar::fromHalfBits(int dtype, std::uint32_t bits)
{
    const auto low = static_cast<std::uint16_t>(bits & 0xffffu);
    return dtype == BFloat16 ? fromBFloat16(low) : fromHalf(low);
}

std::optional<double> TensorScalar::fromContent(int dtype, std::string_view content)
{
    const int width = byteWidth(dtype);
    if (width == 0 || content.size() < static_cast<std::size_t>(width))
        return std::nullopt;
    const char* p = content.data();
    switch (dtype) {
    case Float:
        return static_cast<double>(loadLe<float>(p));
    case Double:
        return loadLe<double>(p);
    case Int32:
        return static_cast<double>(loadLe<std::int32_t>(p));
    case UInt32:
        return static_cast<double>(loadLe<std::uint32_t>(p));
    case Int64:
        return static_cast<double>(loadLe<std::int64_t>(p));
    case UInt64:
        return static_cast<double>(loadLe<std::uint64_t>(p));
    case Int16:
        return static_cast<double>(loadLe<std::int16_t>(p));
    case UInt16:
        return static_cast<double>(loadLe<std::uint16_t>(p));
    case Half:
        return fromHalf(loadLe<std::uint16_t>(p));
    case BFloat16:
        return fromBFloat16(loadLe<std::uint16_t>(p));
    case Int8:
        return static_cast<double>(loadLe<std::int8_t>(p));
    case UInt8:
        return static_cast<double>(loadLe<std::uint8_t>(p));
    case Bool:
        return p[0] != 0 ? 1.0 : 0.0;
    default:
        return std::nullopt;
    }
}
