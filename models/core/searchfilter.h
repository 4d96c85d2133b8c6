#pragma once

#include "run.h"

#include <QString>

#include <memory>

struct CompiledSearch;

// An MLflow `search_runs` filter ("metrics.acc > 0.9 AND params.model LIKE 'bert%'"), parsed once into a list of
// clauses so that the run table can test every row without looking at the text again. Semantics follow
// mlflow/utils/search_utils.py (see searchfilterparser.h for the few places where RunLens chooses a side).
// Copies are cheap: the compiled clauses are shared and immutable.
class SearchFilter final {
public:
    SearchFilter() = default; // empty filter: matches everything
    static SearchFilter parse(const QString& expression); // never throws

    bool isValid() const { return m_valid; } // false when the expression had an error
    bool isEmpty() const { return m_valid && !m_compiled; } // a blank expression: matches everything
    QString errorMessage() const { return m_errorMessage; } // user-facing; names the token and the column
    int errorColumn() const { return m_errorColumn; } // 1-based (UTF-16 units, like a QLineEdit cursor); -1 if none

    bool matches(const Run& run) const; // all clauses hold; an invalid filter matches nothing

private:
    std::shared_ptr<const CompiledSearch> m_compiled; // null when there are no clauses
    QString m_errorMessage;
    int m_errorColumn = -1;
    bool m_valid = true;
};
