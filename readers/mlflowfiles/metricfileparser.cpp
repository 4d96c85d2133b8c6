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

// The line every MLflow client writes: "<ts> <value> <step>\n". Parsed in one pass without splitting; returns the
// start of the next line, or nullptr when the line has any other shape (the general path then handles it).
// Decimal integers of up to 18 digits, optionally negative; nullptr otherwise (libstdc++'s from_chars<long long>
// showed as 15% of a whole file-store index in perf, this loop is a fraction of that).
const char* parseSmallInt(const char* p, const char* end, qint64& out)
{
    const bool negative = p < end && *p == '-';
    const char* q = negative ? p + 1 : p;
    const char* const digitsStart = q;
    qint64 v = 0;
    while (q < end && static_cast<unsigned>(*q - '0') < 10u && q - digitsStart < 18)
        v = v * 10 + (*q++ - '0');
    if (q == digitsStart || (q < end && static_cast<unsigned>(*q - '0') < 10u))
        return nullptr;
    out = negative ? -v : v;
    return q;
}

const char* parseCommonLine(const char* p, const char* end, qint64& ts, double& value, qint64& step)
{
    const char* q = parseSmallInt(p, end, ts);
    if (!q || q == end || *q != ' ')
        return nullptr;
    ++q;
    auto [r, ec2] = std::from_chars(q, end, value);
    if (ec2 != std::errc() || r == end || *r != ' ')
        return nullptr;
    ++r;
    const char* t = parseSmallInt(r, end, step);
    if (!t)
        return nullptr;
    if (t == end)
        return t;
    if (*t == '\n')
        return t + 1;
    if (*t == '\r' && t + 1 < end && t[1] == '\n')
        return t + 2;
    return nullptr;
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
    const auto accept = [&](qint64 step, qint64 ts, double value) {
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
    };
    while (p < end) {
        qint64 ts = 0;
        qint64 step = 0;
        double value = 0;
        ++lineNo;
        if (const char* next = parseCommonLine(p, end, ts, value, step)) {
            p = next;
            accept(step, ts, value);
            continue;
        }
        const char* nl = static_cast<const char*>(memchr(p, '\n', static_cast<size_t>(end - p)));
        const char* lineEnd = nl ? nl : end;
        const int n = splitFields(p, lineEnd, fields);
        p = nl ? nl + 1 : end;
        if (n == 0)
            continue;
        ts = 0;
        step = 0;
        value = 0;
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
        accept(step, ts, value);
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
