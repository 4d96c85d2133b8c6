#include "searchfilterparser.h"

#include "runstatus.h"
#include "searchliteral.h"
#include "searchvocabulary.h"

#include <QStringBuilder>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

using Entity = SearchVocabulary::Entity;
using Subject = SearchClause::Subject;
using SearchVocabulary::isNumericOp;
using SearchVocabulary::opName;

bool isWordChar(QChar c) { return c.isLetterOrNumber() || c == u'_'; }
bool isOperatorChar(QChar c) { return c == u'<' || c == u'>' || c == u'=' || c == u'!' || c == u'~'; }
bool isQuote(QChar c) { return c == u'\'' || c == u'"' || c == u'`'; }
bool isDigit(QChar c) { return c >= u'0' && c <= u'9'; }

struct Identifier {
    Entity entity = Entity::Attribute;
    Subject attribute = Subject::RunId;
    QString key;
    QString display; // as typed, for messages
    QString noun; // "metric 'acc'", for messages
};

class Parser final {
public:
    explicit Parser(QStringView text)
        : m_text(text)
    {
    }

    SearchParseResult run()
    {
        for (;;) {
            skipSpace();
            if (atEnd())
                break;
            // MLflow drops AND tokens wherever they stand, so a leading, doubled or trailing AND is accepted; it
            // also keeps a filter valid while it is being typed.
            if (consumeKeyword(u"AND"))
                continue;
            if (!parseClause())
                break;
            skipSpace();
            if (atEnd() || consumeKeyword(u"AND"))
                continue;
            if (peekKeyword(u"OR"))
                failOr();
            else
                fail(m_pos, u"Expected AND or the end of the filter, found %1"_s.arg(describeAt(m_pos)),
                    u"Clauses are joined with AND"_s);
            break;
        }
        if (!m_result.errorMessage.isEmpty())
            m_result.compiled.clauses.clear();
        return std::move(m_result);
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar peek(qsizetype ahead = 0) const
    {
        const qsizetype i = m_pos + ahead;
        return i < m_text.size() ? m_text[i] : QChar();
    }
    void skipSpace()
    {
        while (!atEnd() && m_text[m_pos].isSpace())
            ++m_pos;
    }
    qsizetype wordEnd(qsizetype from) const
    {
        while (from < m_text.size() && isWordChar(m_text[from]))
            ++from;
        return from;
    }
    bool peekKeyword(QStringView keyword) const
    {
        return m_text.sliced(m_pos, wordEnd(m_pos) - m_pos).compare(keyword, Qt::CaseInsensitive) == 0;
    }
    bool consumeKeyword(QStringView keyword)
    {
        if (!peekKeyword(keyword))
            return false;
        m_pos = wordEnd(m_pos);
        return true;
    }
    QString readWord()
    {
        const qsizetype start = m_pos;
        m_pos = wordEnd(m_pos);
        return m_text.sliced(start, m_pos - start).toString();
    }

    // The token at `pos` as the user sees it, quoted, for error messages.
    QString describeAt(qsizetype pos, bool numberLike = false) const
    {
        if (pos >= m_text.size())
            return u"the end of the filter"_s;
        const QChar c = m_text[pos];
        qsizetype end = pos + 1;
        if (numberLike && (isWordChar(c) || c == u'-' || c == u'+' || c == u'.')) {
            while (end < m_text.size()
                && (isWordChar(m_text[end]) || m_text[end] == u'.' || m_text[end] == u'-' || m_text[end] == u'+'))
                ++end;
        } else if (isWordChar(c)) {
            end = wordEnd(pos);
        } else if (isOperatorChar(c)) {
            while (end < m_text.size() && isOperatorChar(m_text[end]))
                ++end;
        } else if (isQuote(c)) {
            const qsizetype close = m_text.indexOf(c, pos + 1);
            end = close < 0 ? m_text.size() : close + 1;
        } else if (c.isHighSurrogate() && end < m_text.size() && m_text[end].isLowSurrogate()) {
            ++end;
        }
        constexpr qsizetype kMaxShown = 30;
        QStringView token = m_text.sliced(pos, end - pos);
        QString ellipsis;
        if (token.size() > kMaxShown) {
            token.truncate(kMaxShown);
            ellipsis = u"…"_s;
        }
        if (isQuote(c))
            return token % ellipsis;
        return u'\'' % token % ellipsis % u'\'';
    }

    bool fail(qsizetype pos, const QString& fact, const QString& hint = {})
    {
        if (m_result.errorMessage.isEmpty()) {
            m_result.errorColumn = static_cast<int>(pos) + 1;
            m_result.errorMessage = fact % u" at column "_s % QString::number(m_result.errorColumn);
            if (!hint.isEmpty())
                m_result.errorMessage += u". "_s % hint;
        }
        return false;
    }
    bool failOr()
    {
        return fail(m_pos, u"MLflow search has no OR"_s,
            u"Clauses can only be joined with AND; run one search per alternative"_s);
    }

    // At an opening quote. Like MLflow (sqlparse's lexer, then stripping the outer quotes), a doubled quote or a
    // backslash-escaped one does not end the string, and the text between the quotes is kept exactly as typed.
    bool readQuoted(QString* content)
    {
        const qsizetype start = m_pos;
        const QChar quote = m_text[start];
        qsizetype i = start + 1;
        for (;;) {
            if (i >= m_text.size()) {
                return fail(start,
                    quote == u'`' ? u"Unterminated backtick-quoted key starting"_s : u"Unterminated string starting"_s,
                    u"Close it with %1"_s.arg(quote));
            }
            const QChar c = m_text[i];
            if (c == quote) {
                if (i + 1 < m_text.size() && m_text[i + 1] == quote) {
                    i += 2;
                    continue;
                }
                break;
            }
            if (c == u'\\' && quote != u'`' && i + 1 < m_text.size()
                && (m_text[i + 1] == quote || m_text[i + 1] == u'\\')) {
                i += 2;
                continue;
            }
            ++i;
        }
        *content = m_text.sliced(start + 1, i - start - 1).toString();
        m_pos = i + 1;
        return true;
    }

    // End of a number literal at `pos`, or -1. sqlparse's grammar, so that a filter RunLens accepts is one an MLflow
    // server accepts too: an optional '-', digits with an optional fraction, an exponent whose sign can only be '-'.
    qsizetype scanNumber(qsizetype pos) const
    {
        const qsizetype size = m_text.size();
        qsizetype i = pos;
        if (i < size && m_text[i] == u'-')
            ++i;
        qsizetype digits = 0;
        for (; i < size && isDigit(m_text[i]); ++i)
            ++digits;
        if (i < size && m_text[i] == u'.') {
            for (++i; i < size && isDigit(m_text[i]); ++i)
                ++digits;
        }
        if (digits == 0)
            return -1;
        if (i < size && (m_text[i] == u'e' || m_text[i] == u'E')) {
            qsizetype j = i + 1;
            if (j < size && m_text[j] == u'-')
                ++j;
            const qsizetype exponentStart = j;
            while (j < size && isDigit(m_text[j]))
                ++j;
            if (j == exponentStart)
                return -1;
            i = j;
        }
        if (i < size && (isWordChar(m_text[i]) || m_text[i] == u'.'))
            return -1;
        return i;
    }

    bool parseClause();
    bool parseIdentifier(Identifier* id);
    bool resolveAttribute(Identifier* id, qsizetype keyPos, bool prefixed);
    bool parseOperator(const Identifier& id, SearchOp* op);
    bool checkOperator(const Identifier& id, SearchOp op, qsizetype opPos);
    bool parseNumber(const Identifier& id, SearchOp op, double* value);
    bool parseString(const Identifier& id, SearchOp op, QString* value);
    bool parseList(SearchOp op, QSet<QString>* values);

    QStringView m_text;
    qsizetype m_pos = 0;
    SearchParseResult m_result;
};

bool Parser::parseClause()
{
    const qsizetype start = m_pos;
    if (peek() == u'(') {
        return fail(start, u"Parentheses are not supported"_s,
            u"MLflow search has no grouping: write the clauses one after another, joined by AND"_s);
    }
    if (peekKeyword(u"OR"))
        return failOr();
    if (peekKeyword(u"NOT")) {
        return fail(start, u"A clause cannot start with NOT"_s,
            u"MLflow search knows NOT only in 'NOT IN'; use != to negate a comparison"_s);
    }
    Identifier id;
    if (!parseIdentifier(&id))
        return false;
    skipSpace();
    const qsizetype opPos = m_pos;
    SearchOp op = SearchOp::Equal;
    if (!parseOperator(id, &op) || !checkOperator(id, op, opPos))
        return false;

    SearchClause clause;
    clause.op = op;
    clause.key = id.key;
    switch (id.entity) {
    case Entity::Metric:
        clause.subject = Subject::Metric;
        if (!parseNumber(id, op, &clause.number))
            return false;
        break;
    case Entity::Param:
    case Entity::Tag:
        clause.subject = id.entity == Entity::Param ? Subject::Param : Subject::Tag;
        if (op != SearchOp::IsNull && op != SearchOp::IsNotNull) {
            QString value;
            if (!parseString(id, op, &value))
                return false;
            clause.text = StringTest(op, value);
        }
        break;
    case Entity::Attribute:
        clause.subject = id.attribute;
        if (clause.subject == Subject::StartTime || clause.subject == Subject::EndTime) {
            if (!parseNumber(id, op, &clause.number))
                return false;
        } else if (op == SearchOp::In || op == SearchOp::NotIn) {
            QSet<QString> values;
            if (!parseList(op, &values))
                return false;
            clause.text = StringTest(op, std::move(values));
        } else {
            QString value;
            if (!parseString(id, op, &value))
                return false;
            clause.text = StringTest(op, value);
        }
        if (clause.subject == Subject::Status) {
            // Six possible statuses: answer the clause for each now, and a run costs one bit test.
            for (int i = 0; i <= static_cast<int>(RunStatus::Killed); ++i) {
                if (clause.text.matches(runStatusName(static_cast<RunStatus>(i))))
                    clause.statusMask |= static_cast<quint8>(1u << i);
            }
        }
        break;
    case Entity::Dataset:
        return false; // parseIdentifier already refused it
    }
    m_result.compiled.clauses.push_back(std::move(clause));
    return true;
}

bool Parser::parseIdentifier(Identifier* id)
{
    const qsizetype start = m_pos;
    const QChar c = peek();
    QString first;
    bool firstQuoted = false;
    if (c == u'\'') {
        return fail(start, u"Expected a key such as metrics.acc, found the string %1"_s.arg(describeAt(start)),
            u"Quoted strings go on the right of the operator"_s);
    }
    if (c == u'`' || c == u'"') {
        if (!readQuoted(&first))
            return false;
        firstQuoted = true;
    } else if (isWordChar(c)) {
        first = readWord();
    } else {
        return fail(start, u"Expected a key such as metrics.acc, found %1"_s.arg(describeAt(start)));
    }

    if (peek() != u'.') {
        id->display = m_text.sliced(start, m_pos - start).toString();
        if (!firstQuoted && SearchVocabulary::entity(first)) {
            return fail(m_pos, u"Expected '.' and a key after '%1'"_s.arg(first), u"For example: %1.acc"_s.arg(first));
        }
        // Without a prefix MLflow reads the name as a run attribute.
        id->entity = Entity::Attribute;
        id->key = first;
        return resolveAttribute(id, start, false);
    }

    const std::optional<Entity> entity = SearchVocabulary::entity(first);
    if (!entity) {
        const std::optional<Entity> folded = SearchVocabulary::entity(first.toLower());
        return fail(start, u"Unknown entity '%1'"_s.arg(first),
            folded ? u"Entity prefixes are case-sensitive in MLflow: write '%1'"_s.arg(first.toLower())
                   : u"Use metrics., params., tags. or attributes. before the key"_s);
    }
    if (*entity == Entity::Dataset) {
        return fail(start, u"datasets.* filters are not supported yet"_s,
            u"RunLens does not load run inputs; filter on metrics, params, tags or attributes"_s);
    }
    ++m_pos; // the '.'
    const qsizetype keyPos = m_pos;
    const QChar k = peek();
    QString key;
    if (isQuote(k)) {
        if (!readQuoted(&key))
            return false;
    } else if (isWordChar(k)) {
        // Bare keys may be dotted paths (tags.mlflow.runName): sqlparse groups them into one identifier and MLflow
        // splits off the prefix at the first dot only.
        key = readWord();
        while (peek() == u'.' && isWordChar(peek(1))) {
            ++m_pos;
            key += u'.';
            key += readWord();
        }
    } else {
        return fail(keyPos,
            u"Expected a key after '%1', found %2"_s.arg(m_text.sliced(start, keyPos - start), describeAt(keyPos)));
    }
    if (key.isEmpty())
        return fail(keyPos, u"Empty key after '%1'"_s.arg(m_text.sliced(start, keyPos - start)));

    id->entity = *entity;
    id->key = key;
    id->display = m_text.sliced(start, m_pos - start).toString();
    switch (*entity) {
    case Entity::Metric:
        id->noun = u"metric '%1'"_s.arg(key);
        return true;
    case Entity::Param:
        id->noun = u"param '%1'"_s.arg(key);
        return true;
    case Entity::Tag:
        id->noun = u"tag '%1'"_s.arg(key);
        return true;
    default:
        return resolveAttribute(id, keyPos, true);
    }
}

bool Parser::resolveAttribute(Identifier* id, qsizetype keyPos, bool prefixed)
{
    id->noun = u"attribute '%1'"_s.arg(id->key);
    if (const std::optional<Subject> subject = SearchVocabulary::attribute(id->key)) {
        id->attribute = *subject;
        return true;
    }
    if (id->key == u"lifecycle_stage" || id->key == u"experiment_id") {
        return fail(keyPos, u"Attribute '%1' is not searchable in MLflow"_s.arg(id->key),
            u"MLflow selects it through the run view and the experiment list, not the filter"_s);
    }
    QString hint = u"Searchable attributes are run_id, run_name, status, user_id, artifact_uri, start_time and "
                   u"end_time"_s;
    if (!prefixed)
        hint += u"; for a metric, param or tag write metrics.%1, params.%1 or tags.%1"_s.arg(id->key);
    return fail(keyPos, u"Unknown attribute '%1'"_s.arg(id->key), hint);
}

bool Parser::parseOperator(const Identifier& id, SearchOp* op)
{
    const qsizetype pos = m_pos;
    const QChar c = peek();
    if (!atEnd() && isOperatorChar(c)) {
        qsizetype end = pos;
        while (end < m_text.size() && isOperatorChar(m_text[end]))
            ++end;
        const QStringView symbol = m_text.sliced(pos, end - pos);
        if (const std::optional<SearchOp> value = SearchVocabulary::comparison(symbol)) {
            *op = *value;
            m_pos = end;
            return true;
        }
        const QString hint = symbol == u"==" ? u"Use '=' for equality"_s
            : symbol == u"<>"                ? u"Use '!=' for inequality"_s
                                             : u"Use one of >, >=, =, !=, <, <="_s;
        return fail(pos, u"Unknown operator '%1' after '%2'"_s.arg(symbol, id.display), hint);
    }
    if (!atEnd() && isWordChar(c)) {
        if (consumeKeyword(u"LIKE") || consumeKeyword(u"ILIKE")) {
            *op = m_text[pos].toUpper() == u'L' ? SearchOp::Like : SearchOp::ILike;
            return true;
        }
        if (consumeKeyword(u"IN")) {
            *op = SearchOp::In;
            return true;
        }
        if (consumeKeyword(u"NOT")) {
            skipSpace();
            if (consumeKeyword(u"IN")) {
                *op = SearchOp::NotIn;
                return true;
            }
            if (peekKeyword(u"LIKE") || peekKeyword(u"ILIKE"))
                return fail(pos, u"NOT LIKE is not supported by MLflow search"_s, u"Use != for an exact value"_s);
            return fail(m_pos, u"Expected IN after NOT, found %1"_s.arg(describeAt(m_pos)));
        }
        if (consumeKeyword(u"IS")) {
            skipSpace();
            if (consumeKeyword(u"NULL")) {
                *op = SearchOp::IsNull;
                return true;
            }
            if (consumeKeyword(u"NOT")) {
                skipSpace();
                if (consumeKeyword(u"NULL")) {
                    *op = SearchOp::IsNotNull;
                    return true;
                }
            }
            return fail(m_pos, u"Expected NULL or NOT NULL after IS, found %1"_s.arg(describeAt(m_pos)));
        }
        if (peekKeyword(u"RLIKE") || peekKeyword(u"REGEXP"))
            return fail(pos, u"Regular expressions are not supported by MLflow run search"_s, u"Use LIKE or ILIKE"_s);
    }
    return fail(pos, u"Expected a comparison operator after '%1', found %2"_s.arg(id.display, describeAt(pos)));
}

bool Parser::checkOperator(const Identifier& id, SearchOp op, qsizetype opPos)
{
    const bool numericSubject = id.entity == Entity::Metric
        || (id.entity == Entity::Attribute && (id.attribute == Subject::StartTime || id.attribute == Subject::EndTime));
    const bool nullTest = op == SearchOp::IsNull || op == SearchOp::IsNotNull;
    if (id.entity == Entity::Param || id.entity == Entity::Tag) {
        if (op == SearchOp::Equal || op == SearchOp::NotEqual || op == SearchOp::Like || op == SearchOp::ILike
            || nullTest)
            return true;
        return fail(opPos, u"Operator '%1' cannot be used with %2"_s.arg(opName(op), id.noun),
            u"Params and tags are strings: use =, !=, LIKE, ILIKE, IS NULL or IS NOT NULL"_s);
    }
    if (nullTest) {
        return fail(opPos, u"Operator '%1' cannot be used with %2"_s.arg(opName(op), id.noun),
            u"IS NULL and IS NOT NULL are only supported for params and tags"_s);
    }
    if (numericSubject) {
        if (isNumericOp(op))
            return true;
        return fail(opPos, u"Operator '%1' cannot be used with %2"_s.arg(opName(op), id.noun),
            id.entity == Entity::Metric
                ? u"Metrics compare with numbers using >, >=, =, !=, <, <="_s
                : u"Times are numbers (milliseconds since the epoch): use >, >=, =, !=, <, <="_s);
    }
    if (op == SearchOp::In || op == SearchOp::NotIn) {
        if (id.attribute == Subject::RunId)
            return true;
        return fail(opPos, u"Operator '%1' cannot be used with %2"_s.arg(opName(op), id.noun),
            u"Only run_id supports IN and NOT IN; use = or LIKE for other attributes"_s);
    }
    if (op == SearchOp::Equal || op == SearchOp::NotEqual || op == SearchOp::Like || op == SearchOp::ILike)
        return true;
    return fail(opPos, u"Operator '%1' cannot be used with %2"_s.arg(opName(op), id.noun),
        u"String attributes compare with =, !=, LIKE, ILIKE, IN and NOT IN"_s);
}

bool Parser::parseNumber(const Identifier& id, SearchOp op, double* value)
{
    skipSpace();
    const qsizetype pos = m_pos;
    if (atEnd())
        return fail(pos, u"Expected a number for %1 after '%2'"_s.arg(id.noun, opName(op)));
    if (isQuote(peek())) {
        return fail(pos, u"Expected a number for %1, found the string %2"_s.arg(id.noun, describeAt(pos)),
            u"Numbers are written without quotes"_s);
    }
    const qsizetype end = scanNumber(pos);
    if (end < 0)
        return fail(pos, u"Expected a number for %1, found %2"_s.arg(id.noun, describeAt(pos, true)));
    *value = SearchLiteral::toDouble(m_text.sliced(pos, end - pos));
    m_pos = end;
    return true;
}

bool Parser::parseString(const Identifier& id, SearchOp op, QString* value)
{
    skipSpace();
    const qsizetype pos = m_pos;
    if (atEnd())
        return fail(pos, u"Expected a quoted string for %1 after '%2'"_s.arg(id.noun, opName(op)));
    const QChar c = peek();
    if (c == u'\'' || c == u'"')
        return readQuoted(value);
    if (c == u'`') {
        return fail(pos,
            u"Expected a quoted string for %1, found the backtick-quoted %2"_s.arg(id.noun, describeAt(pos)),
            u"Backticks quote keys; quote values with single quotes"_s);
    }
    if (scanNumber(pos) >= 0) {
        const QString number = describeAt(pos, true);
        return fail(pos, u"Expected a quoted string for %1, found the number %2"_s.arg(id.noun, number),
            u"Params, tags and attributes hold strings: write %1"_s.arg(number));
    }
    return fail(pos, u"Expected a quoted string for %1, found %2"_s.arg(id.noun, describeAt(pos, true)));
}

bool Parser::parseList(SearchOp op, QSet<QString>* values)
{
    skipSpace();
    const qsizetype open = m_pos;
    if (peek() != u'(') {
        return fail(open, u"Expected a parenthesised list after %1, found %2"_s.arg(opName(op), describeAt(open)),
            u"For example: run_id IN ('a', 'b')"_s);
    }
    ++m_pos;
    for (;;) {
        skipSpace();
        if (atEnd())
            return fail(open, u"Unterminated list starting"_s, u"Close it with )"_s);
        if (peek() == u')' && !values->isEmpty()) { // a trailing comma is fine, as in Python's literal_eval
            ++m_pos;
            return true;
        }
        const QChar c = peek();
        if (c == u')')
            return fail(m_pos, u"Empty list after %1"_s.arg(opName(op)), u"Give at least one quoted run id"_s);
        if (c != u'\'' && c != u'"') {
            return fail(m_pos, u"Expected a quoted string in the list, found %1"_s.arg(describeAt(m_pos, true)),
                u"For example: run_id IN ('a', 'b')"_s);
        }
        QString value;
        if (!readQuoted(&value))
            return false;
        values->insert(value);
        skipSpace();
        if (peek() == u',') {
            ++m_pos;
            continue;
        }
        if (peek() == u')') {
            ++m_pos;
            return true;
        }
        if (atEnd())
            return fail(open, u"Unterminated list starting"_s, u"Close it with )"_s);
        return fail(m_pos, u"Expected ',' or ')' in the list, found %1"_s.arg(describeAt(m_pos)));
    }
}

} // namespace

SearchParseResult parseSearchExpression(QStringView expression) { return Parser(expression).run(); }
