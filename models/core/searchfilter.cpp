#include "searchfilter.h"

#include "searchfilterparser.h"

#include <QChar>

#include <limits>
#include <optional>

namespace {

// Beyond the last Unicode code point, so no character of the text can be mistaken for a wildcard.
constexpr char32_t kAnyRun = 0x110000;
constexpr char32_t kAnyOne = 0x110001;

char32_t codePointAt(QStringView text, qsizetype i, qsizetype* length)
{
    const QChar c = text[i];
    if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
        *length = 2;
        return QChar::surrogateToUcs4(c, text[i + 1]);
    }
    *length = 1;
    return c.unicode();
}

} // namespace

LikePattern::LikePattern(QStringView pattern, Qt::CaseSensitivity cs)
    : m_cs(cs)
{
    if (!pattern.contains(u'_')) {
        const qsizetype percents = pattern.count(u'%');
        const bool leading = pattern.startsWith(u'%');
        const bool trailing = pattern.endsWith(u'%');
        if (percents == 0) {
            m_shape = Shape::Exact;
            m_literal = pattern.toString();
            return;
        }
        if (percents == 1 && trailing) {
            m_shape = Shape::Prefix;
            m_literal = pattern.chopped(1).toString();
            return;
        }
        if (percents == 1 && leading) {
            m_shape = Shape::Suffix;
            m_literal = pattern.sliced(1).toString();
            return;
        }
        if (percents == 2 && leading && trailing) {
            m_shape = Shape::Contains;
            m_literal = pattern.sliced(1, pattern.size() - 2).toString();
            return;
        }
    }
    m_shape = Shape::General;
    for (qsizetype i = 0; i < pattern.size();) {
        qsizetype length = 1;
        const char32_t cp = codePointAt(pattern, i, &length);
        i += length;
        if (cp == U'%') {
            if (m_program.empty() || m_program.back() != kAnyRun)
                m_program.push_back(kAnyRun);
        } else if (cp == U'_') {
            m_program.push_back(kAnyOne);
        } else {
            m_program.push_back(m_cs == Qt::CaseInsensitive ? QChar::toCaseFolded(cp) : cp);
        }
    }
}

bool LikePattern::matches(QStringView text) const
{
    switch (m_shape) {
    case Shape::Exact:
        return text.compare(m_literal, m_cs) == 0;
    case Shape::Prefix:
        return text.startsWith(m_literal, m_cs);
    case Shape::Suffix:
        return text.endsWith(m_literal, m_cs);
    case Shape::Contains:
        return text.contains(m_literal, m_cs);
    case Shape::General:
        return matchesGeneral(text);
    }
    return false;
}

bool LikePattern::matchesGeneral(QStringView text) const
{
    constexpr size_t kNone = std::numeric_limits<size_t>::max();
    const size_t patternSize = m_program.size();
    size_t p = 0;
    qsizetype t = 0;
    // Where to resume when a literal fails after a '%': the '%' then swallows one more code point. Only the last
    // '%' needs remembering, which keeps the match linear in practice and quadratic at worst.
    size_t resumeP = kNone;
    qsizetype resumeT = 0;
    while (t < text.size()) {
        if (p < patternSize && m_program[p] == kAnyRun) {
            resumeP = ++p;
            resumeT = t;
            continue;
        }
        qsizetype length = 1;
        char32_t cp = codePointAt(text, t, &length);
        if (m_cs == Qt::CaseInsensitive)
            cp = QChar::toCaseFolded(cp);
        if (p < patternSize && (m_program[p] == kAnyOne || m_program[p] == cp)) {
            ++p;
            t += length;
            continue;
        }
        if (resumeP == kNone)
            return false;
        codePointAt(text, resumeT, &length);
        resumeT += length;
        t = resumeT;
        p = resumeP;
    }
    while (p < patternSize && m_program[p] == kAnyRun)
        ++p;
    return p == patternSize;
}

StringTest::StringTest(SearchOp op, const QString& value)
    : m_op(op)
    , m_value(value)
{
    if (op == SearchOp::Like || op == SearchOp::ILike)
        m_like = LikePattern(value, op == SearchOp::Like ? Qt::CaseSensitive : Qt::CaseInsensitive);
}

StringTest::StringTest(SearchOp op, QSet<QString> values)
    : m_op(op)
    , m_values(std::move(values))
{
}

bool StringTest::matches(const QString& text) const
{
    switch (m_op) {
    case SearchOp::Equal:
        return text == m_value;
    case SearchOp::NotEqual:
        return text != m_value;
    case SearchOp::Like:
    case SearchOp::ILike:
        return m_like.matches(text);
    case SearchOp::In:
        return m_values.contains(text);
    case SearchOp::NotIn:
        return !m_values.contains(text);
    default:
        return false;
    }
}

namespace {

using Subject = SearchClause::Subject;

// Plain IEEE comparisons, as MLflow's Python filter does them: a NaN fails every test except !=, and ±inf
// compares as the extreme it is.
bool compareNumber(double lhs, SearchOp op, double rhs)
{
    switch (op) {
    case SearchOp::Less:
        return lhs < rhs;
    case SearchOp::LessEqual:
        return lhs <= rhs;
    case SearchOp::Equal:
        return lhs == rhs;
    case SearchOp::NotEqual:
        return lhs != rhs;
    case SearchOp::GreaterEqual:
        return lhs >= rhs;
    case SearchOp::Greater:
        return lhs > rhs;
    default:
        return false;
    }
}

bool matchesTime(const std::optional<qint64>& timeMs, const SearchClause& clause)
{
    return timeMs && compareNumber(static_cast<double>(*timeMs), clause.op, clause.number);
}

bool matchesKeyed(const QMap<QString, QString>& values, const SearchClause& clause)
{
    const auto it = values.constFind(clause.key);
    if (clause.op == SearchOp::IsNull)
        return it == values.cend();
    if (clause.op == SearchOp::IsNotNull)
        return it != values.cend();
    // As in MLflow, a run without the key matches no comparison, not even !=.
    return it != values.cend() && clause.text.matches(*it);
}

bool matchesRunName(const Run& run, const SearchClause& clause)
{
    // Sources that did not run adoptWellKnownTags() still carry the name in the tag MLflow mirrors it to. A run
    // with neither has no name, which MLflow's filter treats like a missing key.
    if (!run.name.isEmpty())
        return clause.text.matches(run.name);
    const auto it = run.tags.constFind(QStringLiteral("mlflow.runName"));
    return it != run.tags.cend() && !it->isEmpty() && clause.text.matches(*it);
}

bool clauseMatches(const SearchClause& clause, const Run& run)
{
    switch (clause.subject) {
    case Subject::Metric: {
        const auto it = run.metrics.constFind(clause.key);
        return it != run.metrics.cend() && compareNumber(it->latest, clause.op, clause.number);
    }
    case Subject::Param:
        return matchesKeyed(run.params, clause);
    case Subject::Tag:
        return matchesKeyed(run.tags, clause);
    case Subject::RunId:
        return clause.text.matches(run.runId);
    case Subject::RunName:
        return matchesRunName(run, clause);
    case Subject::UserId:
        return clause.text.matches(run.user);
    case Subject::ArtifactUri:
        return clause.text.matches(run.artifactUri);
    case Subject::Status: {
        const auto bit = static_cast<unsigned>(run.status);
        return bit < 8 && ((clause.statusMask >> bit) & 1u) != 0;
    }
    case Subject::StartTime:
        return matchesTime(run.startTimeMs, clause);
    case Subject::EndTime:
        return matchesTime(run.endTimeMs, clause);
    }
    return false;
}

} // namespace

SearchFilter SearchFilter::parse(const QString& expression)
{
    SearchParseResult parsed = parseSearchExpression(expression);
    SearchFilter filter;
    if (!parsed.errorMessage.isEmpty()) {
        filter.m_valid = false;
        filter.m_errorMessage = std::move(parsed.errorMessage);
        filter.m_errorColumn = parsed.errorColumn;
        return filter;
    }
    if (!parsed.compiled.clauses.empty())
        filter.m_compiled = std::make_shared<const CompiledSearch>(std::move(parsed.compiled));
    return filter;
}

bool SearchFilter::matches(const Run& run) const
{
    if (!m_valid)
        return false;
    if (!m_compiled)
        return true;
    for (const SearchClause& clause : m_compiled->clauses) {
        if (!clauseMatches(clause, run))
            return false;
    }
    return true;
}
