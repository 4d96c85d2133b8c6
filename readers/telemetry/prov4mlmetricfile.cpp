#include "prov4mlmetricfile.h"

#include <QFile>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

namespace {

constexpr int kReportedLines = 3;

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
        v.chop(1);
    return v;
}

std::optional<qint64> integer(QByteArrayView v)
{
    v = trimmed(v);
    if (v.isEmpty())
        return std::nullopt;
    qint64 n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec == std::errc() && end == v.data() + v.size())
        return n;
    // "3.0": a step or timestamp written from a float; accepted when it is a whole number in range.
    bool ok = false;
    const double d = QByteArray(v.data(), v.size()).toDouble(&ok);
    if (!ok || !std::isfinite(d) || d != std::floor(d) || std::fabs(d) >= 9.2e18)
        return std::nullopt;
    return static_cast<qint64>(d);
}

std::optional<double> plainNumber(QByteArrayView v)
{
    v = trimmed(v);
    const QByteArray lower = QByteArray(v.data(), v.size()).toLower();
    if (lower == "nan" || lower == "+nan" || lower == "-nan")
        return std::numeric_limits<double>::quiet_NaN();
    if (lower == "inf" || lower == "+inf" || lower == "infinity" || lower == "+infinity")
        return std::numeric_limits<double>::infinity();
    if (lower == "-inf" || lower == "-infinity")
        return -std::numeric_limits<double>::infinity();
    bool ok = false;
    const double d = lower.toDouble(&ok);
    return ok ? std::optional<double>(d) : std::nullopt;
}

// Python's str() of a float, numpy scalar or int, or of a wrapper that prints its number first:
// "tensor(0.5000, device='cuda:0')", "np.float32(0.5)".
std::optional<double> value(QByteArrayView v)
{
    if (const auto d = plainNumber(v))
        return d;
    const qsizetype open = v.indexOf('(');
    if (open < 0)
        return std::nullopt;
    QByteArrayView inner = v.sliced(open + 1);
    qsizetype end = 0;
    while (end < inner.size() && inner[end] != ',' && inner[end] != ')')
        ++end;
    return plainNumber(inner.first(end));
}

} // namespace

Prov4mlMetricFile::Header Prov4mlMetricFile::parseHeader(QByteArrayView firstLine)
{
    Header h;
    firstLine = trimmed(firstLine);
    if (firstLine.isEmpty())
        return h;
    if (!firstLine.contains(',')) {
        if (firstLine.contains('\t'))
            h.separator = '\t';
        else if (firstLine.contains(';'))
            h.separator = ';';
    }
    const qsizetype firstSep = firstLine.indexOf(h.separator);
    const qsizetype lastSep = firstLine.lastIndexOf(h.separator);
    const qsizetype contextSep = lastSep > 0 ? firstLine.lastIndexOf(h.separator, lastSep - 1) : -1;
    // A first line that is already a point: a file without the name line (another writer generation).
    if (contextSep >= 0 && integer(firstLine.first(firstSep)) && integer(firstLine.sliced(lastSep + 1)))
        return h;
    if (contextSep < 0) {
        h.name = QString::fromUtf8(firstLine);
    } else {
        // The metric name may itself hold the separator; context and source never do.
        h.name = QString::fromUtf8(firstLine.first(contextSep));
        h.context = QString::fromUtf8(trimmed(firstLine.sliced(contextSep + 1, lastSep - contextSep - 1)));
        h.source = QString::fromUtf8(trimmed(firstLine.sliced(lastSep + 1)));
    }
    h.valid = !h.name.isEmpty();
    return h;
}

Prov4mlMetricFile::Header Prov4mlMetricFile::readHeader(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray line = f.readLine(64 * 1024);
    if (!line.endsWith('\n'))
        return {};
    return parseHeader(QByteArrayView(line).chopped(1));
}

QString Prov4mlMetricFile::shortContext(const QString& context)
{
    const QString prefix = QStringLiteral("Context.");
    return (context.startsWith(prefix) ? context.mid(prefix.size()) : context).toLower();
}

Prov4mlMetricFile::Result Prov4mlMetricFile::parse(
    QByteArrayView data, const QString& fileName, MetricSeries* series, QList<ReadWarning>& warnings)
{
    Result r;
    r.summary.count = 0;
    qint64 lineNo = 0;
    qsizetype pos = 0;
    qint64 reported = 0;
    qint64 notNumbers = 0;
    qint64 firstNotNumberLine = 0;
    QByteArray firstNotNumber;
    bool anyFinite = false;
    bool haveLatest = false;
    const auto report = [&](qint64 line, const QString& message) {
        ++r.skipped;
        if (reported++ < kReportedLines)
            warnings.append(ReadWarning::atLine(fileName, line, message));
    };
    while (pos < data.size()) {
        const qsizetype nl = data.indexOf('\n', pos);
        const bool complete = nl >= 0;
        const QByteArrayView line = data.sliced(pos, (complete ? nl : data.size()) - pos);
        pos = complete ? nl + 1 : data.size();
        ++lineNo;
        if (lineNo == 1) {
            r.header = parseHeader(line);
            if (!complete) {
                report(lineNo, QStringLiteral("the file ends inside its first line (cut off); no points"));
                break;
            }
            if (r.header.valid || trimmed(line).isEmpty())
                continue;
        }
        if (trimmed(line).isEmpty())
            continue;
        if (!complete) {
            report(lineNo, QStringLiteral("last line has no line end (cut off, or still being written); left out"));
            break;
        }
        const char sep = r.header.separator;
        const qsizetype first = line.indexOf(sep);
        const qsizetype last = line.lastIndexOf(sep);
        if (first < 0 || last == first) {
            report(lineNo, QStringLiteral("expected step,value,timestamp; line skipped"));
            continue;
        }
        const auto step = integer(line.first(first));
        const auto timestamp = integer(line.sliced(last + 1));
        if (!step || !timestamp) {
            report(lineNo, QStringLiteral("step or timestamp is not an integer; line skipped"));
            continue;
        }
        const QByteArrayView text = line.sliced(first + 1, last - first - 1);
        const auto v = value(text);
        if (!v) {
            // Python's str() of something that is no number ("None", a list): counted, reported once below.
            if (notNumbers++ == 0) {
                firstNotNumberLine = lineNo;
                firstNotNumber = trimmed(text).toByteArray();
            }
            ++r.skipped;
            continue;
        }
        MetricSummary& s = r.summary;
        if (!haveLatest || !s.isLaterThan(*step, *timestamp, *v)) {
            s.latest = *v;
            s.latestStep = *step;
            s.latestTimestampMs = *timestamp;
            haveLatest = true;
        }
        if (!std::isnan(*v)) {
            if (!anyFinite || *v < s.min)
                s.min = *v;
            if (!anyFinite || *v > s.max)
                s.max = *v;
            anyFinite = true;
        }
        ++s.count;
        r.firstTimestampMs = std::min(r.firstTimestampMs.value_or(*timestamp), *timestamp);
        r.lastTimestampMs = std::max(r.lastTimestampMs.value_or(*timestamp), *timestamp);
        if (series)
            series->append(*step, *timestamp, *v);
    }
    if (reported > kReportedLines)
        warnings.append(ReadWarning::at(fileName, QString::number(reported - kReportedLines) + u" more bad lines"));
    if (notNumbers > 0) {
        warnings.append(ReadWarning::atLine(fileName, firstNotNumberLine,
            QString::number(notNumbers) + u" value(s) are not numbers (first: '" + QString::fromUtf8(firstNotNumber)
                + u"'); left out"));
    }
    return r;
}
