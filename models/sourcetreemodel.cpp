#include "sourcetreemodel.h"

#include "experimentlabels.h"

#include <QBrush>
#include <QFont>
#include <QHash>
#include <QVector>

#include <algorithm>

struct SourceTreeModel::Node {
    NodeKind kind = NodeKind::Source;
    QString uri;
    QString id; // experiment id or model name
    QString label;
    QString tooltip;
    int runCount = -1;
    bool deleted = false;
    SourceState state = SourceState::Loading;
    Node* parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;

    Node* add(std::unique_ptr<Node> child)
    {
        child->parent = this;
        children.push_back(std::move(child));
        return children.back().get();
    }
};

SourceTreeModel::SourceTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

SourceTreeModel::~SourceTreeModel() = default;

SourceTreeModel::Node* SourceTreeModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

int SourceTreeModel::rowOf(const Node* node) const
{
    if (!node->parent)
        return 0;
    const auto& siblings = node->parent->children;
    const auto it = std::find_if(siblings.cbegin(), siblings.cend(), [&](const auto& n) { return n.get() == node; });
    return static_cast<int>(it - siblings.cbegin());
}

QModelIndex SourceTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    Node* p = nodeOf(parent);
    return createIndex(row, column, p->children[static_cast<size_t>(row)].get());
}

QModelIndex SourceTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    Node* p = nodeOf(child)->parent;
    if (!p || p == m_root.get())
        return {};
    return createIndex(rowOf(p), 0, p);
}

int SourceTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    return static_cast<int>(nodeOf(parent)->children.size());
}

int SourceTreeModel::columnCount(const QModelIndex&) const
{
    return 2;
}

QVariant SourceTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return section == 0 ? QStringLiteral("Source / experiment") : QStringLiteral("Runs");
    return {};
}

QVariant SourceTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Node* n = nodeOf(index);
    if (role == Roles::NodeKindRole)
        return static_cast<int>(n->kind);
    if (role == Roles::SourceUriRole)
        return n->uri;
    if (role == Roles::ExperimentIdRole)
        return n->kind == NodeKind::Experiment ? n->id : QString();
    if (role == Roles::DeletedRole)
        return n->deleted;
    if (index.column() == 1) {
        if (role == Qt::DisplayRole && n->runCount >= 0)
            return n->runCount;
        if (role == Qt::TextAlignmentRole)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (role == Roles::SortRole)
            return n->runCount;
        return {};
    }
    switch (role) {
    case Qt::DisplayRole: {
        if (n->kind == NodeKind::Source && n->state == SourceState::Loading)
            return QString(n->label + QStringLiteral("  (loading…)"));
        if (n->kind == NodeKind::Experiment && n->deleted)
            return QString(n->label + QStringLiteral("  (deleted)"));
        return n->label;
    }
    case Roles::SortRole:
        return n->label;
    case Qt::ToolTipRole:
        return n->tooltip;
    case Qt::FontRole:
        if (n->kind == NodeKind::Source || n->kind == NodeKind::ModelGroup) {
            QFont f;
            f.setBold(n->kind == NodeKind::Source);
            f.setItalic(n->kind == NodeKind::ModelGroup);
            return f;
        }
        return {};
    case Qt::ForegroundRole:
        if (n->deleted)
            return QBrush(Qt::gray);
        if (n->kind == NodeKind::Source && n->state == SourceState::Failed)
            return QBrush(QColor(0xc6, 0x28, 0x28));
        return {};
    default:
        return {};
    }
}

void SourceTreeModel::addSource(const QString& uri, const QString& label)
{
    if (sourceIndex(uri).isValid()) {
        setSourceState(uri, SourceState::Loading);
        return;
    }
    const int row = static_cast<int>(m_root->children.size());
    beginInsertRows({}, row, row);
    auto node = std::make_unique<Node>();
    node->kind = NodeKind::Source;
    node->uri = uri;
    node->label = label;
    node->tooltip = uri;
    m_root->add(std::move(node));
    endInsertRows();
}

QModelIndex SourceTreeModel::sourceIndex(const QString& uri) const
{
    for (size_t i = 0; i < m_root->children.size(); ++i) {
        if (m_root->children[i]->uri == uri)
            return createIndex(static_cast<int>(i), 0, m_root->children[i].get());
    }
    return {};
}

QStringList SourceTreeModel::sourceUris() const
{
    QStringList out;
    for (const auto& n : m_root->children)
        out << n->uri;
    return out;
}

QStringList SourceTreeModel::experimentIds(const QString& uri) const
{
    return m_experimentIds.value(uri);
}

void SourceTreeModel::setCatalog(const QString& uri, const Catalog& catalog, bool showDeleted)
{
    m_experimentIds.insert(uri, catalog.experimentIds());
    const QModelIndex si = sourceIndex(uri);
    if (!si.isValid())
        return;
    Node* source = nodeOf(si);
    if (!source->children.empty()) {
        beginRemoveRows(si, 0, static_cast<int>(source->children.size()) - 1);
        source->children.clear();
        endRemoveRows();
    }
    QHash<QString, int> counts;
    int total = 0;
    for (const Run& r : catalog.runs) {
        if (r.deleted && !showDeleted)
            continue;
        ++counts[r.experimentId];
        ++total;
    }
    std::vector<std::unique_ptr<Node>> children;
    QVector<const Experiment*> experiments;
    for (const Experiment& e : catalog.experiments) {
        if (!e.deleted || showDeleted)
            experiments.append(&e);
    }
    std::sort(experiments.begin(), experiments.end(),
        [](const Experiment* a, const Experiment* b) {
            const int byName = a->name.compare(b->name, Qt::CaseInsensitive);
            return byName != 0 ? byName < 0 : a->experimentId < b->experimentId;
        });
    const QHash<const Experiment*, QString> labels = experimentLabels(experiments);
    for (const Experiment* e : std::as_const(experiments)) {
        auto node = std::make_unique<Node>();
        node->kind = NodeKind::Experiment;
        node->uri = uri;
        node->id = e->experimentId;
        node->label = labels.value(e);
        node->deleted = e->deleted;
        node->runCount = counts.value(e->experimentId);
        node->tooltip = u"experiment " + e->experimentId + (e->description().isEmpty() ? QString() : u"\n\n" + e->description());
        children.push_back(std::move(node));
    }
    if (!catalog.models.isEmpty()) {
        auto group = std::make_unique<Node>();
        group->kind = NodeKind::ModelGroup;
        group->uri = uri;
        group->label = QStringLiteral("Registered models");
        group->runCount = static_cast<int>(catalog.models.size());
        for (const RegisteredModel& m : catalog.models) {
            auto node = std::make_unique<Node>();
            node->kind = NodeKind::Model;
            node->uri = uri;
            node->id = m.name;
            QStringList aliases;
            for (auto it = m.aliases.cbegin(); it != m.aliases.cend(); ++it)
                aliases << u'@' + it.key() + u" → v" + QString::number(it.value());
            node->label = m.name + (aliases.isEmpty() ? QString() : u"  " + aliases.join(QStringLiteral(", ")));
            node->runCount = static_cast<int>(m.versions.size());
            QStringList lines { m.name };
            if (!m.description.isEmpty())
                lines << m.description;
            for (const ModelVersion& v : m.versions)
                lines << u"v" + QString::number(v.version) + u"  " + v.stage + u"  run " + v.runId;
            node->tooltip = lines.join(u'\n');
            group->add(std::move(node));
        }
        children.push_back(std::move(group));
    }
    if (!children.empty()) {
        beginInsertRows(si, 0, static_cast<int>(children.size()) - 1);
        for (auto& c : children)
            source->add(std::move(c));
        endInsertRows();
    }
    source->runCount = total;
    source->state = SourceState::Loaded;
    Q_EMIT dataChanged(si, si.siblingAtColumn(1));
}

void SourceTreeModel::setSourceState(const QString& uri, SourceState state, const QString& message)
{
    const QModelIndex si = sourceIndex(uri);
    if (!si.isValid())
        return;
    Node* n = nodeOf(si);
    n->state = state;
    n->tooltip = message.isEmpty() ? uri : uri + u"\n" + message;
    Q_EMIT dataChanged(si, si.siblingAtColumn(1));
}

void SourceTreeModel::removeSource(const QString& uri)
{
    const QModelIndex si = sourceIndex(uri);
    if (!si.isValid())
        return;
    m_experimentIds.remove(uri);
    beginRemoveRows({}, si.row(), si.row());
    m_root->children.erase(m_root->children.begin() + si.row());
    endRemoveRows();
}

SourceTreeModel::NodeKind SourceTreeModel::kind(const QModelIndex& index) const
{
    return index.isValid() ? nodeOf(index)->kind : NodeKind::Source;
}

QString SourceTreeModel::sourceUri(const QModelIndex& index) const
{
    return index.isValid() ? nodeOf(index)->uri : QString();
}

QString SourceTreeModel::experimentId(const QModelIndex& index) const
{
    const Node* n = index.isValid() ? nodeOf(index) : nullptr;
    return n && n->kind == NodeKind::Experiment ? n->id : QString();
}
