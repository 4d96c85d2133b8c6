#include "searchliteral.h"

#include <QByteArray>

#include <charconv>
#include <limits>
#include <string_view>

namespace {

// Decimal exponent of the leading significant digit plus one; only its sign matters, to tell an overflowing literal
// (Python's float() gives ±inf) from an underflowing one (±0).
long long decimalMagnitude(std::string_view s)
{
    long long magnitude = 0;
    bool significant = false;
    bool fraction = false;
    size_t i = (!s.empty() && s.front() == '-') ? 1 : 0;
    for (; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i) {
        if (s[i] == '.') {
            fraction = true;
        } else if (!significant && s[i] != '0') {
            significant = true;
            magnitude = fraction ? magnitude : 1;
        } else if (!significant) {
            magnitude -= fraction ? 1 : 0;
        } else if (!fraction) {
            ++magnitude;
        }
    }
    if (i < s.size()) {
        std::string_view exponent = s.substr(i + 1);
        const bool negative = !exponent.empty() && exponent.front() == '-';
        if (negative)
            exponent.remove_prefix(1);
        long long value = 0;
        if (std::from_chars(exponent.data(), exponent.data() + exponent.size(), value).ec != std::errc())
            value = std::numeric_limits<int>::max(); // absurdly long exponent: its sign decides
        magnitude += negative ? -value : value;
    }
    return magnitude;
}

} // namespace

namespace SearchLiteral {

double toDouble(QStringView literal)
{
    const QByteArray bytes = literal.toLatin1(); // the scanner let only ASCII digits, '.', '-' and 'e' through
    const std::string_view text(bytes.constData(), static_cast<size_t>(bytes.size()));
    double value = 0;
    if (std::from_chars(text.data(), text.data() + text.size(), value).ec == std::errc::result_out_of_range) {
        value = decimalMagnitude(text) > 0 ? std::numeric_limits<double>::infinity() : 0.0;
        if (text.front() == '-')
            value = -value;
    }
    return value;
}

} // namespace SearchLiteral
