#include "searchvocabulary.h"

#include <array>
#include <utility>

namespace {

using SearchVocabulary::Entity;
using Subject = SearchClause::Subject;

// MLflow's prefixes and aliases (SearchUtils._VALID_IDENTIFIERS).
constexpr std::array<std::pair<QStringView, Entity>, 14> kEntities { { { u"metric", Entity::Metric },
    { u"metrics", Entity::Metric }, { u"param", Entity::Param }, { u"params", Entity::Param },
    { u"parameter", Entity::Param }, { u"parameters", Entity::Param }, { u"tag", Entity::Tag },
    { u"tags", Entity::Tag }, { u"attr", Entity::Attribute }, { u"attribute", Entity::Attribute },
    { u"attributes", Entity::Attribute }, { u"run", Entity::Attribute }, { u"dataset", Entity::Dataset },
    { u"datasets", Entity::Dataset } } };

// RunInfo's searchable attributes plus the aliases MLflow translates ("created", "Run name", …).
constexpr std::array<std::pair<QStringView, Subject>, 12> kAttributes { { { u"run_id", Subject::RunId },
    { u"run_name", Subject::RunName }, { u"run name", Subject::RunName }, { u"Run name", Subject::RunName },
    { u"Run Name", Subject::RunName }, { u"user_id", Subject::UserId }, { u"status", Subject::Status },
    { u"artifact_uri", Subject::ArtifactUri }, { u"start_time", Subject::StartTime },
    { u"created", Subject::StartTime }, { u"Created", Subject::StartTime }, { u"end_time", Subject::EndTime } } };

constexpr std::array<std::pair<QStringView, SearchOp>, 6> kSymbols { { { u"<", SearchOp::Less },
    { u"<=", SearchOp::LessEqual }, { u"=", SearchOp::Equal }, { u"!=", SearchOp::NotEqual },
    { u">=", SearchOp::GreaterEqual }, { u">", SearchOp::Greater } } };

template <typename Table>
auto lookUp(const Table& table, QStringView word) -> std::optional<typename Table::value_type::second_type>
{
    for (const auto& [spelling, value] : table) {
        if (word == spelling)
            return value;
    }
    return std::nullopt;
}

} // namespace

namespace SearchVocabulary {

std::optional<Entity> entity(QStringView prefix) { return lookUp(kEntities, prefix); }

std::optional<SearchClause::Subject> attribute(QStringView name) { return lookUp(kAttributes, name); }

std::optional<SearchOp> comparison(QStringView symbol) { return lookUp(kSymbols, symbol); }

QString opName(SearchOp op)
{
    static constexpr std::array<QStringView, 12> kNames { u"<", u"<=", u"=", u"!=", u">=", u">", u"LIKE", u"ILIKE",
        u"IN", u"NOT IN", u"IS NULL", u"IS NOT NULL" };
    return kNames[static_cast<size_t>(op)].toString();
}

} // namespace SearchVocabulary
