#include "runcolors.h"

#include <array>

namespace {
// Tableau 20 order with the strong colours first: neighbours in the sequence differ in hue.
constexpr std::array<QRgb, 20> kPalette { 0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
    0x7f7f7f, 0xbcbd22, 0x17becf, 0x0b4f80, 0xb35900, 0x1b6e1b, 0x8f1b1b, 0x5e3f85, 0x5c382f, 0xa2457f, 0x4d4d4d,
    0x7d7e14, 0x0f7f8a };
}

QColor RunColors::colorFor(const RunKey& key)
{
    auto it = m_assigned.constFind(key);
    if (it == m_assigned.constEnd())
        it = m_assigned.insert(key, static_cast<int>(m_assigned.size()));
    return QColor::fromRgb(kPalette[static_cast<size_t>(*it) % kPalette.size()]);
}
