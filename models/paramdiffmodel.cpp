#include "paramdiffmodel.h"

#include "roles.h"
#include "valueformat.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

enum MetricField { Latest, Min, Max, StepOfLatest, FieldCount };

const QString missing = u"\x01missing"_s; // never equal to a real value's text

QString metricFieldName(int field)
{
    switch (field) {
    case Latest:
        return u"latest"_s;
    case Min:
        return u"min"_s;
    case Max:
        return u"max"_s;
    default:
        return u"step of latest"_s;
    }
}

QVariant metricValue(const Run& run, const QString& key, int field)
{
    const auto it = run.metrics.constFind(key);
    if (it == run.metrics.cend())
        return {};
    switch (field) {
    case Latest:
        return it->latest;
    case Min:
        return it->hasRange() ? QVariant(it->min) : QVariant();
    case Max:
        return it->hasRange() ? QVariant(it->max) : QVariant();
    default:
        return QVariant::fromValue<qint64>(it->latestStep);
    }
}

QString exactText(const QVariant& v)
{
    if (!v.isValid())
        return missing;
    if (v.typeId() == QMetaType::Double)
        return ValueFormat::exact(v.toDouble());
    return v.toString();
}

QString csvField(const QString& s)
{
    if (!s.contains(u',') && !s.contains(u'"') && !s.contains(u'\n') && !s.contains(u'\r'))
        return s;
    QString quoted = s;
    quoted.replace(u"\""_s, u"\"\""_s);
    return u'"' + quoted + u'"';
}

QString markdownField(const QString& s)
{
    QString escaped = s;
    escaped.replace(u"|"_s, u"\\|"_s);
    escaped.replace(u"\n"_s, u"<br>"_s);
    return escaped;
}

} // namespace

ParamDiffModel::ParamDiffModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

QString ParamDiffModel::sectionName(Section section)
{
    switch (section) {
    case Section::Param:
        return u"param"_s;
    case Section::Tag:
        return u"tag"_s;
    case Section::Metric:
        return u"metric"_s;
    }
    return {};
}

int ParamDiffModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_visible.size());
}

int ParamDiffModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : FirstRunColumn + runCount();
}

void ParamDiffModel::setRuns(const QVector<Run>& runs, const QStringList& labels)
{
    beginResetModel();
    m_runs = runs;
    m_labels.clear();
    for (qsizetype i = 0; i < runs.size(); ++i) {
        const Run& r = runs[i];
        m_labels << (i < labels.size() && !labels[i].isEmpty() ? labels[i]
                                                               : (r.name.isEmpty() ? r.runId.left(8) : r.name));
    }
    m_reference = std::clamp(m_reference, 0, std::max(0, runCount() - 1));
    rebuild();
    applyFilter();
    endResetModel();
}

void ParamDiffModel::setShowDifferencesOnly(bool on)
{
    if (on == m_differencesOnly)
        return;
    beginResetModel();
    m_differencesOnly = on;
    applyFilter();
    endResetModel();
}

void ParamDiffModel::setShowSystemTags(bool on)
{
    if (on == m_systemTags)
        return;
    beginResetModel();
    m_systemTags = on;
    rebuild();
    applyFilter();
    endResetModel();
}

void ParamDiffModel::setReferenceRun(int run)
{
    run = std::clamp(run, 0, std::max(0, runCount() - 1));
    if (run == m_reference)
        return;
    m_reference = run;
    // Only highlighting and the header's marker change, not which rows there are.
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, FirstRunColumn), index(rowCount() - 1, columnCount() - 1), { Qt::BackgroundRole });
    Q_EMIT headerDataChanged(Qt::Horizontal, FirstRunColumn, columnCount() - 1);
}

void ParamDiffModel::rebuild()
{
    m_allRows.clear();
    const auto addRow = [this](Section section, const QString& key, int field, const QString& label, auto valueOf) {
        Row row { section, key, field, label, {}, {}, false };
        bool any = false;
        for (const Run& r : std::as_const(m_runs)) {
            const QVariant v = valueOf(r);
            any = any || v.isValid();
            row.values.append(v);
            row.comparable.append(exactText(v));
        }
        if (!any)
            return; // e.g. min/max of a store that keeps only the latest value
        row.differs = std::any_of(row.comparable.cbegin(), row.comparable.cend(),
            [&](const QString& c) { return c != row.comparable.front(); });
        m_allRows.append(row);
    };
    const auto sortedKeys = [this](auto keysOf) {
        QSet<QString> seen;
        for (const Run& r : std::as_const(m_runs)) {
            for (const QString& k : keysOf(r))
                seen.insert(k);
        }
        QStringList keys(seen.cbegin(), seen.cend());
        keys.sort(Qt::CaseInsensitive);
        return keys;
    };

    for (const QString& key : sortedKeys([](const Run& r) { return r.params.keys(); })) {
        addRow(Section::Param, key, 0, key, [&key](const Run& r) {
            const auto it = r.params.constFind(key);
            return it == r.params.cend() ? QVariant() : QVariant(*it);
        });
    }
    for (const QString& key : sortedKeys([](const Run& r) { return r.tags.keys(); })) {
        if (!m_systemTags && key.startsWith(u"mlflow."))
            continue;
        addRow(Section::Tag, key, 0, key, [&key](const Run& r) {
            const auto it = r.tags.constFind(key);
            return it == r.tags.cend() ? QVariant() : QVariant(*it);
        });
    }
    for (const QString& key : sortedKeys([](const Run& r) { return r.metrics.keys(); })) {
        for (int field = 0; field < FieldCount; ++field) {
            addRow(Section::Metric, key, field, key + u" ("_s + metricFieldName(field) + u')',
                [&key, field](const Run& r) { return metricValue(r, key, field); });
        }
    }
}

void ParamDiffModel::applyFilter()
{
    m_visible.clear();
    for (int i = 0; i < m_allRows.size(); ++i) {
        // With a single run nothing can differ; showing nothing would look broken, so show everything.
        if (!m_differencesOnly || runCount() < 2 || m_allRows[i].differs)
            m_visible.append(i);
    }
}

ParamDiffModel::Section ParamDiffModel::rowSection(int row) const { return m_allRows[m_visible[row]].section; }

QString ParamDiffModel::rowKey(int row) const { return m_allRows[m_visible[row]].label; }

QVariant ParamDiffModel::rawValue(int row, int run) const { return m_allRows[m_visible[row]].values.value(run); }

bool ParamDiffModel::rowDiffers(int row) const { return m_allRows[m_visible[row]].differs; }

bool ParamDiffModel::differsFromReference(int row, int run) const
{
    const Row& r = m_allRows[m_visible[row]];
    return m_reference < r.comparable.size() && r.comparable.value(run) != r.comparable[m_reference];
}

QString ParamDiffModel::displayText(int row, int run) const
{
    const QVariant v = rawValue(row, run);
    if (!v.isValid())
        return {};
    if (v.typeId() == QMetaType::Double)
        return ValueFormat::metric(v.toDouble());
    return v.toString();
}

QVariant ParamDiffModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const int row = index.row(), column = index.column();
    const Row& r = m_allRows[m_visible[row]];
    if (column == SectionColumn) {
        if (role == Qt::DisplayRole || role == Roles::SortRole)
            return sectionName(r.section);
        if (role == Qt::ForegroundRole)
            return QBrush(QColor(0x707070));
        return {};
    }
    if (column == KeyColumn) {
        if (role == Qt::DisplayRole || role == Roles::SortRole || role == Qt::ToolTipRole)
            return r.label;
        if (role == Qt::FontRole && r.differs) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    }
    const int run = column - FirstRunColumn;
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, run);
    case Roles::SortRole:
        return r.values.value(run);
    case Qt::ToolTipRole:
        return r.values.value(run).isValid() ? exactText(r.values.value(run)) : tr("not set in this run");
    case Qt::BackgroundRole:
        if (run != m_reference && differsFromReference(row, run))
            return QBrush(QColor(0xffe9a8)); // amber: differs from the reference run
        return {};
    default:
        return {};
    }
}

QVariant ParamDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == SectionColumn)
        return role == Qt::DisplayRole ? QVariant(tr("Section")) : QVariant();
    if (section == KeyColumn)
        return role == Qt::DisplayRole ? QVariant(tr("Key")) : QVariant();
    const int run = section - FirstRunColumn;
    switch (role) {
    case Qt::DisplayRole:
        return run == m_reference && runCount() > 1 ? tr("%1 (reference)").arg(m_labels[run]) : m_labels[run];
    case Qt::ToolTipRole:
        return m_runs[run].runId;
    case Roles::RunIdRole:
        return m_runs[run].runId;
    default:
        return {};
    }
}

QString ParamDiffModel::toMarkdown() const
{
    QString out = u"| Section | Key |"_s;
    QString rule = u"|---|---|"_s;
    for (int run = 0; run < runCount(); ++run) {
        out += u' ' + markdownField(m_labels[run]) + u" |"_s;
        rule += u"---|"_s;
    }
    out += u'\n' + rule + u'\n';
    for (int row = 0; row < rowCount(); ++row) {
        out += u"| "_s + sectionName(rowSection(row)) + u" | "_s + markdownField(rowKey(row)) + u" |"_s;
        for (int run = 0; run < runCount(); ++run) {
            const QString text = markdownField(displayText(row, run));
            // Bold marks what differs from the reference, as the highlight does on screen.
            const bool mark = run != m_reference && differsFromReference(row, run) && !text.isEmpty();
            out += u' ' + (mark ? u"**"_s + text + u"**"_s : text) + u" |"_s;
        }
        out += u'\n';
    }
    return out;
}

QString ParamDiffModel::toCsv() const
{
    QString out = u"section,key"_s;
    for (int run = 0; run < runCount(); ++run)
        out += u',' + csvField(m_labels[run]);
    out += u'\n';
    for (int row = 0; row < rowCount(); ++row) {
        out += sectionName(rowSection(row)) + u',' + csvField(rowKey(row));
        for (int run = 0; run < runCount(); ++run) {
            // Exact values: a spreadsheet should get every digit, not the 6 shown on screen.
            const QVariant v = rawValue(row, run);
            out += u',' + (v.isValid() ? csvField(exactText(v)) : QString());
        }
        out += u'\n';
    }
    return out;
}
