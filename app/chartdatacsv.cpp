#include "chartdatacsv.h"

#include "valueformat.h"

#include <QBuffer>
#include <QIODevice>

namespace {

QByteArray csvField(const QString& s)
{
    if (!s.contains(u',') && !s.contains(u'"') && !s.contains(u'\n') && !s.contains(u'\r'))
        return s.toUtf8();
    QString quoted = s;
    quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return '"' + quoted.toUtf8() + '"';
}

constexpr qsizetype kPiece = 1 << 20;

} // namespace

qint64 ChartDataCsv::rowCount(const QVector<Series>& series)
{
    qint64 rows = 0;
    for (const Series& s : series)
        rows += s.data ? static_cast<qint64>(s.data->size()) : 0;
    return rows;
}

bool ChartDataCsv::write(const QVector<Series>& series, QIODevice& out, const Progress& progress)
{
    const qint64 total = rowCount(series);
    qint64 done = 0;
    QByteArray piece = "run_id,run_name,step,timestamp_ms,value\n";
    piece.reserve(kPiece + 4096);
    const auto flush = [&]() {
        if (out.write(piece) != piece.size())
            return false;
        piece.clear();
        return !progress || progress(done, total);
    };
    for (const Series& s : series) {
        if (!s.data)
            continue;
        const QByteArray prefix = csvField(s.runId) + ',' + csvField(s.runName) + ',';
        const MetricSeries& d = *s.data;
        for (std::size_t i = 0; i < d.size(); ++i) {
            piece += prefix;
            piece += QByteArray::number(d.steps[i]);
            piece += ',';
            piece += QByteArray::number(d.timestampsMs[i]);
            piece += ',';
            piece += ValueFormat::exact(d.values[i]).toLatin1();
            piece += '\n';
            ++done;
            if (piece.size() >= kPiece && !flush())
                return false;
        }
    }
    return flush();
}

QByteArray ChartDataCsv::write(const QVector<Series>& series)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    write(series, buffer);
    return bytes;
}
