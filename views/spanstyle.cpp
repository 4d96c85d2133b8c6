#include "spanstyle.h"

#include <QHash>

#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

struct Known {
    QStringView name;
    QRgb color;
};

// Tableau 20, one colour per name; it pairs a strong and a light shade per hue: a loop is the strong shade, its
// single iterations the light one. Order: a job's life, which is the legend's order.
constexpr std::array kKnown {
    Known { u"application", 0xbab0ac },
    Known { u"distributed_code_initialization", 0x86bcb6 },
    Known { u"model_initialization", 0x499894 },
    Known { u"data_loader_initialization", 0x9d7660 },
    Known { u"optimizer_initialization", 0xd7b5a6 },
    Known { u"checkpoint_load", 0xb07aa1 },
    Known { u"training_loop", 0x4e79a7 },
    Known { u"training_single_iteration", 0xa0cbe8 },
    Known { u"data_loading", 0x79706e },
    Known { u"model_forward", 0xd4a6c8 },
    Known { u"zero_grad", 0xfabfd2 },
    Known { u"model_backward", 0xd37295 },
    Known { u"optimizer_update", 0xff9d9a },
    Known { u"validation_loop", 0x59a14f },
    Known { u"validation_single_iteration", 0x8cd17d },
    Known { u"testing_loop", 0xb6992d },
    Known { u"TESTING_SINGLE_ITERATION", 0xf1ce63 },
    Known { u"checkpoint_save_sync", 0xe15759 },
    Known { u"checkpoint_save_async", 0xf28e2b },
    Known { u"checkpoint_save_finalization", 0xffbe7d },
};

// For names nobody standardised (ColorBrewer Set3): none of the twenty above, so a user's span never poses as a
// standard one.
constexpr std::array<QRgb, 8> kOthers { 0x8dd3c7, 0xbebada, 0x80b1d3, 0xfdb462, 0xb3de69, 0xfccde5, 0xbc80bd,
    0xccebc5 };

int knownIndex(const QString& name)
{
    const auto it = std::find_if(kKnown.cbegin(), kKnown.cend(), [&](const Known& k) { return k.name == name; });
    return it == kKnown.cend() ? -1 : static_cast<int>(it - kKnown.cbegin());
}

// FNV-1a over the UTF-16 text: stable across runs and platforms, unlike qHash's per-process seed.
quint32 stableHash(const QString& text)
{
    quint32 h = 2166136261u;
    for (QChar c : text) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return h;
}

} // namespace

QColor SpanStyle::colorFor(const QString& spanName)
{
    const int known = knownIndex(spanName);
    if (known >= 0)
        return QColor::fromRgb(kKnown[static_cast<std::size_t>(known)].color);
    return QColor::fromRgb(kOthers[stableHash(spanName) % kOthers.size()]);
}

QStringList SpanStyle::legendOrder(QStringList names)
{
    names.removeDuplicates();
    std::sort(names.begin(), names.end(), [](const QString& a, const QString& b) {
        const int ia = knownIndex(a), ib = knownIndex(b);
        if ((ia >= 0) != (ib >= 0))
            return ia >= 0;
        return ia >= 0 ? ia < ib : a < b;
    });
    return names;
}

QColor SpanStyle::textColorOn(const QColor& background)
{
    // WCAG relative luminance (linearised sRGB). Black text has the better contrast above about 0.18; the
    // threshold sits a little higher so the strong blue of training loops takes white, which reads better there.
    const auto linear = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    const double luminance = 0.2126 * linear(background.redF()) + 0.7152 * linear(background.greenF())
        + 0.0722 * linear(background.blueF());
    return luminance > 0.2 ? QColor(0x202020) : QColor(Qt::white);
}
