#pragma once

#include "searchfilterparser.h"

#include <QString>
#include <QStringView>

#include <optional>

// The words of MLflow's search grammar: entity prefixes with their aliases, run attributes with the aliases MLflow
// translates, and comparison symbols. Like MLflow's, every spelling is case-sensitive.
namespace SearchVocabulary {

enum class Entity : quint8 { Metric, Param, Tag, Attribute, Dataset };

std::optional<Entity> entity(QStringView prefix); // "metrics", "params", "attr", "run", …
std::optional<SearchClause::Subject> attribute(QStringView name); // "run_name", "Run name", "created", …
std::optional<SearchOp> comparison(QStringView symbol); // "<", "<=", "=", "!=", ">=", ">"
QString opName(SearchOp op); // as MLflow spells it in messages
inline bool isNumericOp(SearchOp op) { return op <= SearchOp::Greater; }

} // namespace SearchVocabulary
