#pragma once

#include <Qt>

// Custom item-data roles shared by every RunLens model, so views and proxies can ask for raw values.
namespace Roles {
enum : int {
    SortRole = Qt::UserRole, // raw numbers and times (ms), NaN sorted last by the proxy
    RunIdRole, // QString
    SourceUriRole, // QString
    ExperimentIdRole, // QString
    ColumnKindRole, // ColumnKind, on the horizontal header
    ColumnKeyRole, // param or metric key, on the horizontal header
    RunColorRole, // QColor: the run's colour, shared by the table and every chart
    NodeKindRole, // SourceTreeModel: NodeKind
    DeletedRole, // bool
    // Nesting of runs (mlflow.parentRunId), answered by RunFilterProxy for the rows it shows.
    DepthRole, // int: 0 for top-level runs
    ChildCountRole, // int: child runs of this run
    ExpandedRole, // bool
    ContextRowRole, // bool: shown only because a descendant matches the search filter
};
}

enum class ColumnKind { Attribute, Param, Metric, Tag };
