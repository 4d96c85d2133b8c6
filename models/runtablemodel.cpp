#include "runtablemodel.h"

#include "runkey.h"
#include "valueformat.h"

#include <QBrush>
#include <QFont>
#include <QSet>

#include <cmath>
#include <limits>

namespace {

QString fixedHeader(int column)
{
    switch (column) {
    case RunTableModel::Name:
        return QStringLiteral("Run");
    case RunTableModel::Status:
        return QStringLiteral("Status");
    case RunTableModel::Experiment:
        return QStringLiteral("Experiment");
    case RunTableModel::Start:
        return QStringLiteral("Started");
    case RunTableModel::Duration:
        return QStringLiteral("Duration");
    case RunTableModel::User:
        return QStringLiteral("User");
    case RunTableModel::GitCommit:
        return QStringLiteral("Git commit");
    case RunTableModel::Source:
        return QStringLiteral("Source");
    default:
        return {};
    }
}

QColor statusColor(RunStatus s)
{
    switch (s) {
    case RunStatus::Running:
        return QColor(0x1f, 0x77, 0xb4);
    case RunStatus::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case RunStatus::Killed:
        return QColor(0xb3, 0x59, 0x00);
    default:
        return {};
    }
}

} // namespace

RunTableModel::RunTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int RunTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RunTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : FixedColumnCount + static_cast<int>(m_paramKeys.size() + m_metricKeys.size());
}

ColumnKind RunTableModel::columnKind(int column) const
{
    if (column < FixedColumnCount)
        return ColumnKind::Attribute;
    return column < FixedColumnCount + m_paramKeys.size() ? ColumnKind::Param : ColumnKind::Metric;
}

QString RunTableModel::columnKey(int column) const
{
    switch (columnKind(column)) {
    case ColumnKind::Param:
        return m_paramKeys.value(column - FixedColumnCount);
    case ColumnKind::Metric:
        return m_metricKeys.value(column - FixedColumnCount - static_cast<int>(m_paramKeys.size()));
    default:
        return {};
    }
}

int RunTableModel::columnOfMetric(const QString& key) const
{
    const qsizetype i = m_metricKeys.indexOf(key);
    return i < 0 ? -1 : FixedColumnCount + static_cast<int>(m_paramKeys.size() + i);
}

const Run* RunTableModel::runAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row].run : nullptr;
}

QString RunTableModel::sourceUriAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].sourceUri : QString();
}

QColor RunTableModel::colorOf(int row)
{
    if (row < 0 || row >= m_rows.size())
        return {};
    return m_colors.colorFor({ m_rows[row].sourceUri, m_rows[row].run.runId });
}

QVariant RunTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row& row = m_rows[index.row()];
    switch (role) {
    case Roles::RunIdRole:
        return row.run.runId;
    case Roles::SourceUriRole:
        return row.sourceUri;
    case Roles::ExperimentIdRole:
        return row.run.experimentId;
    case Roles::DeletedRole:
        return row.run.deleted;
    case Roles::RunColorRole:
        return m_colors.colorFor({ row.sourceUri, row.run.runId });
    default:
        break;
    }
    if (role == Qt::ForegroundRole && row.run.deleted)
        return QBrush(Qt::gray);
    const int column = index.column();
    switch (columnKind(column)) {
    case ColumnKind::Attribute:
        return attributeData(row, column, role);
    case ColumnKind::Param: {
        const QString key = columnKey(column);
        if (role == Qt::DisplayRole || role == Roles::SortRole || role == Qt::ToolTipRole)
            return row.run.params.contains(key) ? QVariant(row.run.params.value(key)) : QVariant();
        return {};
    }
    case ColumnKind::Metric:
        return metricData(row.run, columnKey(column), role);
    case ColumnKind::Tag:
        break;
    }
    return {};
}

QVariant RunTableModel::attributeData(const Row& row, int column, int role) const
{
    const Run& run = row.run;
    if (role == Qt::DecorationRole && column == Name)
        return m_colors.colorFor({ row.sourceUri, run.runId });
    if (role == Qt::ForegroundRole && column == Status)
        return statusColor(run.status).isValid() ? QVariant(QBrush(statusColor(run.status))) : QVariant();
    if (role == Qt::ToolTipRole && column == Name)
        return QString(run.runId + (run.description().isEmpty() ? QString() : u"\n\n" + run.description().left(400)));
    if (role == Qt::TextAlignmentRole && column == Duration)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    const bool sort = role == Roles::SortRole;
    if (role != Qt::DisplayRole && !sort)
        return {};
    switch (column) {
    case Name:
        return run.name.isEmpty() ? run.runId : run.name;
    case Status:
        return runStatusName(run.status);
    case Experiment: {
        const QString name = m_experimentNames.value(row.sourceUri).value(run.experimentId);
        return name.isEmpty() ? run.experimentId : name;
    }
    case Start:
        if (sort)
            return run.startTimeMs ? QVariant(*run.startTimeMs) : QVariant();
        return ValueFormat::timestamp(run.startTimeMs);
    case Duration:
        if (sort)
            return run.durationMs() ? QVariant(*run.durationMs()) : QVariant();
        return ValueFormat::duration(run.durationMs());
    case User:
        return run.user;
    case GitCommit:
        return sort ? run.gitCommit : run.gitCommit.left(8);
    case Source:
        return m_sourceLabels.value(row.sourceUri);
    default:
        return {};
    }
}

QVariant RunTableModel::metricData(const Run& run, const QString& key, int role) const
{
    const auto it = run.metrics.constFind(key);
    if (it == run.metrics.constEnd())
        return {};
    const MetricSummary& s = *it;
    double value = s.latest;
    if (m_metricView == MetricView::Min)
        value = s.min;
    else if (m_metricView == MetricView::Max)
        value = s.max;
    switch (role) {
    case Qt::DisplayRole:
        return ValueFormat::metric(value);
    case Roles::SortRole:
        return value;
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole: {
        QString tip = key + u"\nlatest " + ValueFormat::metric(s.latest) + u" at step " + QString::number(s.latestStep);
        if (s.hasRange())
            tip += u"\nmin " + ValueFormat::metric(s.min) + u", max " + ValueFormat::metric(s.max) + u"\n"
                + QString::number(s.count) + u" points";
        return tip;
    }
    default:
        return {};
    }
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    const ColumnKind kind = columnKind(section);
    switch (role) {
    case Qt::DisplayRole:
        return kind == ColumnKind::Attribute ? fixedHeader(section) : columnKey(section);
    case Qt::ToolTipRole:
        if (kind == ColumnKind::Param)
            return QString(u"param " + columnKey(section));
        if (kind == ColumnKind::Metric)
            return QString(u"metric " + columnKey(section) + u" ("
                + (m_metricView == MetricView::Latest ? QStringLiteral("latest value")
                                                     : m_metricView == MetricView::Min ? QStringLiteral("minimum")
                                                                                       : QStringLiteral("maximum"))
                + u')');
        return fixedHeader(section);
    case Qt::ForegroundRole:
        if (kind == ColumnKind::Param)
            return QBrush(QColor(0x2c, 0x5f, 0x8a));
        if (kind == ColumnKind::Metric)
            return QBrush(QColor(0x6a, 0x3d, 0x9a));
        return {};
    case Roles::ColumnKindRole:
        return static_cast<int>(kind);
    case Roles::ColumnKeyRole:
        return columnKey(section);
    default:
        return {};
    }
}

void RunTableModel::beginSource(const QString& sourceUri, const QString& label)
{
    m_sourceLabels.insert(sourceUri, label);
    removeRowsOf(sourceUri);
}

void RunTableModel::addKeys(const QVector<Run>& runs)
{
    QStringList newParams;
    QStringList newMetrics;
    QSet<QString> params(m_paramKeys.cbegin(), m_paramKeys.cend());
    QSet<QString> metrics(m_metricKeys.cbegin(), m_metricKeys.cend());
    for (const Run& r : runs) {
        for (auto it = r.params.keyBegin(); it != r.params.keyEnd(); ++it) {
            if (!params.contains(*it)) {
                params.insert(*it);
                newParams << *it;
            }
        }
        for (auto it = r.metrics.keyBegin(); it != r.metrics.keyEnd(); ++it) {
            if (!metrics.contains(*it)) {
                metrics.insert(*it);
                newMetrics << *it;
            }
        }
    }
    // New keys go at the end of their group so existing columns (and the user's widths) stay put.
    if (!newParams.isEmpty()) {
        const int first = FixedColumnCount + static_cast<int>(m_paramKeys.size());
        beginInsertColumns({}, first, first + static_cast<int>(newParams.size()) - 1);
        m_paramKeys << newParams;
        endInsertColumns();
    }
    if (!newMetrics.isEmpty()) {
        const int first = columnCount();
        beginInsertColumns({}, first, first + static_cast<int>(newMetrics.size()) - 1);
        m_metricKeys << newMetrics;
        endInsertColumns();
    }
}

void RunTableModel::appendRuns(const QString& sourceUri, const QVector<Run>& runs)
{
    if (runs.isEmpty())
        return;
    addKeys(runs);
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(runs.size()) - 1);
    m_rows.reserve(m_rows.size() + runs.size());
    for (const Run& r : runs)
        m_rows.append({ sourceUri, r });
    touch();
    endInsertRows();
    // A child streamed before its parent was shown top-level; now it belongs under the parent.
    for (int row = 0; row < first; ++row) {
        if (parentRowOf(row) >= first) {
            Q_EMIT hierarchyChanged();
            break;
        }
    }
}

void RunTableModel::setRuns(const QString& sourceUri, const QVector<Run>& runs)
{
    // Streaming already delivered these rows in the common case; only rebuild when they differ.
    qsizetype existing = 0;
    bool same = true;
    for (const Row& row : std::as_const(m_rows)) {
        if (row.sourceUri != sourceUri)
            continue;
        if (existing >= runs.size() || runs[existing].runId != row.run.runId)
            same = false;
        ++existing;
    }
    if (same && existing == runs.size())
        return;
    removeRowsOf(sourceUri);
    appendRuns(sourceUri, runs);
}

void RunTableModel::updateRuns(const QString& sourceUri, const QVector<Run>& runs)
{
    QHash<QString, qsizetype> incoming;
    for (qsizetype i = 0; i < runs.size(); ++i)
        incoming.insert(runs[i].runId, i);
    addKeys(runs);
    bool moved = false;
    for (qsizetype row = m_rows.size() - 1; row >= 0; --row) {
        if (m_rows[row].sourceUri != sourceUri)
            continue;
        const auto it = incoming.constFind(m_rows[row].run.runId);
        if (it == incoming.constEnd()) {
            beginRemoveRows({}, static_cast<int>(row), static_cast<int>(row));
            m_rows.remove(row);
            touch();
            endRemoveRows();
            moved = true;
            continue;
        }
        const Run& fresh = runs[*it];
        moved = moved || fresh.parentRunId != m_rows[row].run.parentRunId
            || fresh.experimentId != m_rows[row].run.experimentId;
        m_rows[row].run = fresh;
        touch();
        incoming.remove(m_rows[row].run.runId);
        Q_EMIT dataChanged(index(static_cast<int>(row), 0), index(static_cast<int>(row), columnCount() - 1));
    }
    QVector<Run> added;
    for (const Run& r : runs) {
        if (incoming.contains(r.runId))
            added.append(r);
    }
    appendRuns(sourceUri, added);
    if (moved || !added.isEmpty())
        Q_EMIT hierarchyChanged();
}

void RunTableModel::setExperimentNames(const QString& sourceUri, const QHash<QString, QString>& idToName)
{
    m_experimentNames.insert(sourceUri, idToName);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Experiment), index(rowCount() - 1, Experiment), { Qt::DisplayRole });
}

void RunTableModel::removeRowsOf(const QString& sourceUri)
{
    // Sources loading at the same time interleave their batches, so remove each contiguous block, last first.
    qsizetype i = m_rows.size() - 1;
    while (i >= 0) {
        if (m_rows[i].sourceUri != sourceUri) {
            --i;
            continue;
        }
        const qsizetype last = i;
        while (i > 0 && m_rows[i - 1].sourceUri == sourceUri)
            --i;
        beginRemoveRows({}, static_cast<int>(i), static_cast<int>(last));
        m_rows.remove(i, last - i + 1);
        touch();
        endRemoveRows();
        --i;
    }
}

void RunTableModel::removeSource(const QString& sourceUri)
{
    removeRowsOf(sourceUri);
    m_sourceLabels.remove(sourceUri);
    m_experimentNames.remove(sourceUri);
}

void RunTableModel::setMetricView(MetricView view)
{
    if (view == m_metricView)
        return;
    m_metricView = view;
    if (!m_rows.isEmpty() && !m_metricKeys.isEmpty())
        Q_EMIT dataChanged(index(0, FixedColumnCount + static_cast<int>(m_paramKeys.size())),
            index(rowCount() - 1, columnCount() - 1));
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
}

void RunTableModel::touch()
{
    ++m_generation;
    m_parentsDirty = true;
}

int RunTableModel::parentRowOf(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return -1;
    ensureParents();
    return std::as_const(m_parentRows)[row];
}

void RunTableModel::ensureParents() const
{
    if (!m_parentsDirty)
        return;
    const int n = static_cast<int>(m_rows.size());
    QHash<RunKey, int> rowOf;
    rowOf.reserve(n);
    for (int i = 0; i < n; ++i)
        rowOf.insert({ m_rows[i].sourceUri, m_rows[i].run.runId }, i);
    m_parentRows.fill(-1, n);
    int* parents = m_parentRows.data(); // one detach check, not one per access
    for (int i = 0; i < n; ++i) {
        const Run& run = m_rows[i].run;
        if (run.parentRunId.isEmpty() || run.parentRunId == run.runId)
            continue;
        // The MLflow UI nests only within the experiments it lists; a parent elsewhere leaves the child on top.
        const int p = rowOf.value({ m_rows[i].sourceUri, run.parentRunId }, -1);
        if (p >= 0 && m_rows[p].run.experimentId == run.experimentId)
            parents[i] = p;
    }
    // Tags are free text, so a -> b -> a is possible: cut each cycle once so every walk up ends.
    enum : char { Unseen, OnPath, Done };
    QVector<char> state(n, Unseen);
    QVector<int> path;
    for (int i = 0; i < n; ++i) {
        path.clear();
        int j = i;
        while (j >= 0 && state[j] == Unseen) {
            state[j] = OnPath;
            path.append(j);
            j = parents[j];
        }
        if (j >= 0 && state[j] == OnPath)
            parents[path.last()] = -1;
        for (int k : std::as_const(path))
            state[k] = Done;
    }
    m_parentsDirty = false;
}
