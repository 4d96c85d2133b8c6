#include "chartdatacsv.h"

#include "valueformat.h"

namespace {

QByteArray csvField(const QString& s)
{
    if (!s.contains(u',') && !s.contains(u'"') && !s.contains(u'\n') && !s.contains(u'\r'))
        return s.toUtf8();
    QString quoted = s;
    quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return '"' + quoted.toUtf8() + '"';
}

} // namespace

QByteArray ChartDataCsv::write(const QVector<Series>& series)
{
    QByteArray out = "run_id,run_name,step,timestamp_ms,value\n";
    for (const Series& s : series) {
        if (!s.data)
            continue;
        const QByteArray prefix = csvField(s.runId) + ',' + csvField(s.runName) + ',';
        const MetricSeries& d = *s.data;
        out.reserve(out.size() + static_cast<qsizetype>(d.size()) * (prefix.size() + 40));
        for (std::size_t i = 0; i < d.size(); ++i) {
            out += prefix;
            out += QByteArray::number(d.steps[i]);
            out += ',';
            out += QByteArray::number(d.timestampsMs[i]);
            out += ',';
            out += ValueFormat::exact(d.values[i]).toLatin1();
            out += '\n';
        }
    }
    return out;
}
