#pragma once

#include "catalog.h"
#include "roles.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QVector>

#include <memory>

// The left-hand tree: each open source, its experiments (with run counts) and its registered models.
class SourceTreeModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    enum class NodeKind { Source, Experiment, ModelGroup, Model };
    enum class SourceState { Loading, Loaded, Failed };

    explicit SourceTreeModel(QObject* parent = nullptr);
    ~SourceTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void addSource(const QString& uri, const QString& label); // shown as loading
    void setCatalog(const QString& uri, const Catalog& catalog, bool showDeleted);
    void setSourceState(const QString& uri, SourceState state, const QString& message = {});
    void removeSource(const QString& uri);
    QModelIndex sourceIndex(const QString& uri) const;
    QStringList sourceUris() const;
    QStringList experimentIds(const QString& uri) const; // as set by the last setCatalog, in catalog order

    NodeKind kind(const QModelIndex& index) const;
    QString sourceUri(const QModelIndex& index) const;
    QString experimentId(const QModelIndex& index) const; // empty unless an experiment node

private:
    struct Node;
    Node* nodeOf(const QModelIndex& index) const;
    int rowOf(const Node* node) const;

    std::unique_ptr<Node> m_root;
    QHash<QString, QStringList> m_experimentIds;
};
