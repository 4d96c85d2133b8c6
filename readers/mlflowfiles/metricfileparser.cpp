#include "metricfileparser.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace {

constexpr int kMaxWarningsPerFile = 5;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

// Splits a line into at most 7 whitespace-separated fields; returns the count (7 means "too many").
int splitFields(const char* begin, const char* end, std::string_view* fields)
{
    int n = 0;
    const char* p = begin;
    while (p < end) {
        while (p < end && isSpace(*p))
            ++p;
        if (p == end)
            break;
        const char* start = p;
        while (p < end && !isSpace(*p))
            ++p;
        if (n == 7)
            return 7;
        fields[n++] = std::string_view(start, static_cast<size_t>(p - start));
    }
    return n;
}

bool parseInt(std::string_view s, qint64& out)
{
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && ptr == s.data() + s.size())
        return true;
    // Very old clients wrote float timestamps ("1.7e12"); accept an integral double.
    double d = 0;
    const auto [p2, ec2] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec2 != std::errc() || p2 != s.data() + s.size() || !std::isfinite(d) || d != std::floor(d))
        return false;
    out = static_cast<qint64>(d);
    return true;
}

bool parseValue(std::string_view s, double& out)
{
    // from_chars accepts nan, inf and infinity in any case, as Python's float() does; it rejects a leading '+'.
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ptr != s.data() + s.size())
        return false;
    if (ec == std::errc::result_out_of_range) {
        // Python writes e.g. 1e-320 (subnormal) or 1e400 never; keep what strtod would give.
        out = std::strtod(std::string(s).c_str(), nullptr);
        return true;
    }
    return ec == std::errc();
}

} // namespace

MetricFileParser::Result MetricFileParser::parse(
    QByteArrayView data, const QString& fileName, MetricSeries* series, QList<ReadWarning>& warnings)
{
    Result result;
    MetricSummary& s = result.summary;
    s.count = 0;
    bool any = false;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    bool anyFinite = false;

    const char* p = data.data();
    const char* const end = p + data.size();
    qint64 lineNo = 0;
    std::string_view fields[7];
    while (p < end) {
        const char* nl = static_cast<const char*>(memchr(p, '\n', static_cast<size_t>(end - p)));
        const char* lineEnd = nl ? nl : end;
        ++lineNo;
        const int n = splitFields(p, lineEnd, fields);
        p = nl ? nl + 1 : end;
        if (n == 0)
            continue;
        qint64 ts = 0;
        qint64 step = 0;
        double value = 0;
        const bool shapeOk = n == 2 || n == 3 || n == 5;
        const bool ok = shapeOk && parseInt(fields[0], ts) && parseValue(fields[1], value)
            && (n == 2 || parseInt(fields[2], step));
        if (!ok) {
            ++result.badLines;
            if (result.badLines <= kMaxWarningsPerFile) {
                const QString text = QString::fromUtf8(fields[0].data(), static_cast<qsizetype>(lineEnd - fields[0].data()))
                                         .left(80)
                                         .trimmed();
                warnings.append(ReadWarning::atLine(fileName, lineNo,
                    shapeOk ? QString(u"unreadable metric line '" + text + u"' (expected: timestamp value step)")
                            : QString(u"metric line with " + QString::number(n) + u" fields '" + text
                                + u"' (expected 2, 3 or 5); skipped")));
            }
            continue;
        }
        if (series)
            series->append(step, ts, value);
        ++s.count;
        if (!any || !s.isLaterThan(step, ts, value)) {
            s.latest = value;
            s.latestStep = step;
            s.latestTimestampMs = ts;
            any = true;
        }
        // min/max ignore NaN, as MLflow's UI does for its min/max columns.
        if (!std::isnan(value)) {
            lo = std::min(lo, value);
            hi = std::max(hi, value);
            anyFinite = true;
        }
    }
    if (result.badLines > kMaxWarningsPerFile)
        warnings.append(ReadWarning::at(fileName,
            QString::number(result.badLines - kMaxWarningsPerFile) + QStringLiteral(" more unreadable lines skipped")));
    if (anyFinite) {
        s.min = lo;
        s.max = hi;
    }
    if (!any)
        s.count = 0;
    return result;
}
