#pragma once

#include <QSet>
#include <QString>
#include <QStringView>

#include <vector>

// Internal to SearchFilter: the compiled form of an MLflow search expression. Everything that can be decided
// from the expression alone is decided here, once, so that testing a run costs a few map look-ups and compares.
//
// The grammar and the meaning are those of MLflow 3's SearchUtils (checked against its parse_search_filter and
// filter on the same runs). Where MLflow's stores disagree or MLflow is looser than is useful, RunLens picks:
// - LIKE / ILIKE wildcards match newlines, as in the SQL stores (the file store's regex stops at them);
//   ILIKE folds case over all of Unicode, as the file store does.
// - Metric NaN and ±inf compare as IEEE values, as the file store does (the SQL stores keep NaN as 0).
// - A blank expression is an empty filter; MLflow rejects whitespace-only filters.
// - Rejected although MLflow's parser lets them through: two clauses without AND between them, an empty key
//   (`metrics. > 1`), and operators MLflow only refuses when it evaluates ('==', 'status > ...', RLIKE).
// - datasets.* clauses are refused: run inputs are not loaded yet.

enum class SearchOp : quint8 {
    Less,
    LessEqual,
    Equal,
    NotEqual,
    GreaterEqual,
    Greater,
    Like,
    ILike,
    In,
    NotIn,
    IsNull,
    IsNotNull
};

// A LIKE / ILIKE pattern with SQL semantics: '%' any run of characters, '_' exactly one character (a code point),
// everything else literal, newlines included. The common shapes ('abc', 'abc%', '%abc', '%abc%') use QStringView's
// own search; the rest runs a wildcard matcher over code points that never backtracks past the last '%'.
class LikePattern final {
public:
    LikePattern() = default;
    LikePattern(QStringView pattern, Qt::CaseSensitivity cs);
    bool matches(QStringView text) const;

private:
    enum class Shape : quint8 { Exact, Prefix, Suffix, Contains, General };
    bool matchesGeneral(QStringView text) const;

    Shape m_shape = Shape::Exact;
    Qt::CaseSensitivity m_cs = Qt::CaseSensitive;
    QString m_literal;
    std::vector<char32_t> m_program; // code points (case-folded for ILIKE), or the two wildcard markers
};

// The right-hand side of a string comparison: = != LIKE ILIKE IN NOT IN.
class StringTest final {
public:
    StringTest() = default;
    StringTest(SearchOp op, const QString& value);
    StringTest(SearchOp op, QSet<QString> values);
    bool matches(const QString& text) const;

private:
    SearchOp m_op = SearchOp::Equal;
    QString m_value;
    LikePattern m_like;
    QSet<QString> m_values;
};

struct SearchClause {
    enum class Subject : quint8 { Metric, Param, Tag, RunId, RunName, UserId, ArtifactUri, Status, StartTime, EndTime };
    Subject subject = Subject::Metric;
    SearchOp op = SearchOp::Equal;
    QString key; // metric, param or tag key
    double number = 0; // right-hand side of numeric comparisons (metrics, start_time, end_time)
    StringTest text;
    quint8 statusMask = 0; // bit i set when RunStatus(i) satisfies a status clause
};

struct CompiledSearch {
    std::vector<SearchClause> clauses;
};

struct SearchParseResult {
    CompiledSearch compiled;
    QString errorMessage; // empty when the expression parsed
    int errorColumn = -1;
};

SearchParseResult parseSearchExpression(QStringView expression);
