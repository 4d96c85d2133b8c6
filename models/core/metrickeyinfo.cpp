#include "metrickeyinfo.h"

using namespace Qt::StringLiterals;

bool MetricKeyInfo::isSystem(const QString& key) { return key.startsWith(u"system/"); }

QString MetricKeyInfo::section(const QString& key)
{
    if (isSystem(key))
        return u"System metrics"_s;
    const qsizetype slash = key.indexOf(u'/');
    return slash > 0 ? key.left(slash) : u"Model metrics"_s;
}

QString MetricKeyInfo::unit(const QString& key)
{
    struct Suffix {
        QStringView suffix;
        QStringView unit;
    };
    static constexpr Suffix suffixes[] = { { u"_percentage", u"%" }, { u"_percent", u"%" }, { u"_megabytes", u"MB" },
        { u"_gigabytes", u"GB" }, { u"_watts", u"W" }, { u"_seconds", u"s" }, { u"_sec", u"s" } };
    for (const Suffix& s : suffixes) {
        if (key.endsWith(s.suffix))
            return s.unit.toString();
    }
    return {};
}

QString MetricKeyInfo::axisTitle(const QString& key)
{
    // The chart's title already names the metric; a long name on a vertical axis would only be cut off.
    const QString u = unit(key);
    return u.isEmpty() ? key.mid(key.lastIndexOf(u'/') + 1) : u;
}
