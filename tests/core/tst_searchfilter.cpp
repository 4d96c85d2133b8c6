#include "searchfilter.h"

#include <QtTest>

#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

MetricSummary latest(double value)
{
    MetricSummary summary;
    summary.latest = value;
    return summary;
}

// Five runs that between them hit every branch: missing keys, NaN and ±inf metrics, a name held only in the
// mlflow.runName tag, a run with no name at all, running (no end time) and never-started (no start time) runs.
const QVector<Run>& fixtureRuns()
{
    static const QVector<Run> runs = [] {
        QVector<Run> all;
        Run r1;
        r1.runId = u"r1"_s;
        r1.name = u"bert-base"_s;
        r1.status = RunStatus::Finished;
        r1.user = u"alice"_s;
        r1.startTimeMs = 1000;
        r1.endTimeMs = 5000;
        r1.artifactUri = u"file:///mlruns/1/r1/artifacts"_s;
        r1.params = { { u"lr"_s, u"0.1"_s }, { u"model"_s, u"BERT"_s }, { u"batch size"_s, u"32"_s } };
        r1.tags = { { u"mlflow.runName"_s, u"bert-base"_s }, { u"team"_s, u"NLP"_s },
            { u"mlflow.note.content"_s, u"line1\nline2"_s } };
        r1.metrics = { { u"acc"_s, latest(0.9) }, { u"val/loss"_s, latest(0.25) }, { u"loss"_s, latest(0.3) } };
        all.append(r1);

        Run r2;
        r2.runId = u"r2"_s;
        r2.name = u"gpt-small"_s;
        r2.status = RunStatus::Running;
        r2.user = u"bob"_s;
        r2.startTimeMs = 2000;
        r2.artifactUri = u"s3://bucket/2/r2/artifacts"_s;
        r2.params = { { u"lr"_s, u"0.01"_s }, { u"model"_s, u"gpt"_s } };
        r2.tags = { { u"team"_s, u"nlp"_s }, { u"city"_s, u"Zürich"_s }, { u"desc"_s, u"x OR y AND z"_s } };
        r2.metrics = { { u"acc"_s, latest(0.5) }, { u"loss"_s, latest(kNaN) } };
        all.append(r2);

        Run r3;
        r3.runId = u"r3"_s;
        r3.name = u"resnet"_s;
        r3.status = RunStatus::Failed;
        r3.user = u"alice"_s;
        r3.startTimeMs = 3000;
        r3.endTimeMs = 4000;
        r3.artifactUri = u"file:///mlruns/1/r3/artifacts"_s;
        r3.params = { { u"lr"_s, u"1e-3"_s }, { u"model"_s, u"ResNet_50"_s }, { u"path"_s, u"a/b/a/c"_s } };
        r3.tags = { { u"team"_s, u"vision"_s }, { u"apostrophe"_s, u"it's"_s } };
        r3.metrics = { { u"acc"_s, latest(-1.5) }, { u"loss"_s, latest(kInf) }, { u"2019 error"_s, latest(1e-5) } };
        all.append(r3);

        Run r4;
        r4.runId = u"r4"_s;
        r4.status = RunStatus::Killed;
        r4.params = { { u"lr"_s, u"0x1"_s } };
        r4.tags = { { u"mlflow.runName"_s, u"from-tag"_s } };
        r4.metrics = { { u"loss"_s, latest(-kInf) }, { u"acc"_s, latest(0.5) } };
        all.append(r4);

        Run r5;
        r5.runId = u"r5"_s;
        r5.status = RunStatus::Finished;
        r5.user = u"carol"_s;
        r5.startTimeMs = 500;
        r5.endTimeMs = 600;
        r5.params = { { u"model"_s, u"bert%_x"_s } };
        r5.tags = { { u"quote"_s, u"it''s"_s }, { u"emoji"_s, u"a\U0001F600b"_s } };
        all.append(r5);
        return all;
    }();
    return runs;
}

QStringList matchingIds(const SearchFilter& filter)
{
    QStringList ids;
    for (const Run& run : fixtureRuns()) {
        if (filter.matches(run))
            ids.append(run.runId);
    }
    return ids;
}

} // namespace

class TestSearchFilter final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matches_data();
    void matches();
    void errors_data();
    void errors();
    void defaultFilterMatchesEverything();
    void blankExpressionIsEmpty();
    void copiesKeepTheirClauses();
};

void TestSearchFilter::matches_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QStringList>("expected");

    const QStringList none;
    const QStringList all { u"r1"_s, u"r2"_s, u"r3"_s, u"r4"_s, u"r5"_s };

    // Metrics: numeric operators against the latest value.
    QTest::addRow("metric greater") << u"metrics.acc > 0.5"_s << QStringList { u"r1"_s };
    QTest::addRow("metric greater or equal") << u"metrics.acc >= 0.5"_s << QStringList { u"r1"_s, u"r2"_s, u"r4"_s };
    QTest::addRow("metric less") << u"metrics.acc < 0.5"_s << QStringList { u"r3"_s };
    QTest::addRow("metric less or equal") << u"metrics.acc <= 0.5"_s << QStringList { u"r2"_s, u"r3"_s, u"r4"_s };
    QTest::addRow("metric equal") << u"metrics.acc = 0.5"_s << QStringList { u"r2"_s, u"r4"_s };
    QTest::addRow("metric not equal skips runs without it")
        << u"metrics.acc != 0.5"_s << QStringList { u"r1"_s, u"r3"_s };
    QTest::addRow("metric negative literal") << u"metrics.acc < -1"_s << QStringList { u"r3"_s };
    QTest::addRow("metric negative literal without spaces") << u"metrics.acc<=-1.5"_s << QStringList { u"r3"_s };
    QTest::addRow("metric exponent literal") << u"metrics.`2019 error` = 1e-5"_s << QStringList { u"r3"_s };
    QTest::addRow("metric upper-case exponent") << u"metrics.acc > 5E-1"_s << QStringList { u"r1"_s };
    QTest::addRow("metric negative exponent") << u"metrics.acc <= -15e-1"_s << QStringList { u"r3"_s };
    QTest::addRow("metric leading dot literal") << u"metrics.acc >= .9"_s << QStringList { u"r1"_s };
    QTest::addRow("metric alias singular") << u"metric.acc > 0.5"_s << QStringList { u"r1"_s };
    QTest::addRow("metric missing everywhere") << u"metrics.nothing != 1"_s << none;
    QTest::addRow("nan fails greater") << u"metrics.loss > -1e308"_s << QStringList { u"r1"_s, u"r3"_s };
    QTest::addRow("nan passes not equal") << u"metrics.loss != 0.3"_s << QStringList { u"r2"_s, u"r3"_s, u"r4"_s };
    QTest::addRow("nan fails less or equal") << u"metrics.loss <= 0.3"_s << QStringList { u"r1"_s, u"r4"_s };
    QTest::addRow("positive infinity") << u"metrics.loss > 1e308"_s << QStringList { u"r3"_s };
    QTest::addRow("negative infinity") << u"metrics.loss < -1e308"_s << QStringList { u"r4"_s };
    QTest::addRow("overflowing literal is infinity") << u"metrics.loss >= 1e999"_s << QStringList { u"r3"_s };
    QTest::addRow("negative overflowing literal") << u"metrics.loss <= -1e999"_s << QStringList { u"r4"_s };
    QTest::addRow("underflowing literal is zero")
        << u"metrics.acc > 1e-999"_s << QStringList { u"r1"_s, u"r2"_s, u"r4"_s };

    // Key quoting.
    QTest::addRow("backtick key") << u"metrics.`val/loss` < 0.3"_s << QStringList { u"r1"_s };
    QTest::addRow("double-quoted key") << u"metrics.\"val/loss\" < 0.3"_s << QStringList { u"r1"_s };
    QTest::addRow("single-quoted key") << u"metrics.'val/loss' < 0.3"_s << QStringList { u"r1"_s };
    QTest::addRow("backtick-quoted prefix") << u"`params`.lr = '0.1'"_s << QStringList { u"r1"_s };
    QTest::addRow("key with a space") << u"params.`batch size` = '32'"_s << QStringList { u"r1"_s };
    QTest::addRow("dotted bare tag key") << u"tags.mlflow.runName = 'bert-base'"_s << QStringList { u"r1"_s };

    // Params and tags: string operators.
    QTest::addRow("param equal") << u"params.lr = '0.1'"_s << QStringList { u"r1"_s };
    QTest::addRow("param double-quoted value") << u"params.lr = \"0.01\""_s << QStringList { u"r2"_s };
    QTest::addRow("param not equal skips runs without it")
        << u"params.lr != '0.1'"_s << QStringList { u"r2"_s, u"r3"_s, u"r4"_s };
    QTest::addRow("param alias parameter") << u"parameter.lr = '0.1'"_s << QStringList { u"r1"_s };
    QTest::addRow("param alias parameters") << u"parameters.lr = '0.01'"_s << QStringList { u"r2"_s };
    QTest::addRow("param alias param") << u"param.lr = '1e-3'"_s << QStringList { u"r3"_s };
    QTest::addRow("like prefix") << u"params.model LIKE 'B%'"_s << QStringList { u"r1"_s };
    QTest::addRow("like is case-sensitive") << u"params.model LIKE 'b%'"_s << QStringList { u"r5"_s };
    QTest::addRow("ilike ignores case") << u"params.model ILIKE 'b%'"_s << QStringList { u"r1"_s, u"r5"_s };
    QTest::addRow("like underscore") << u"params.model LIKE 'Res_et%'"_s << QStringList { u"r3"_s };
    QTest::addRow("like contains") << u"params.model LIKE '%Net%'"_s << QStringList { u"r3"_s };
    QTest::addRow("like suffix") << u"params.model LIKE '%50'"_s << QStringList { u"r3"_s };
    QTest::addRow("like without wildcards is equality") << u"params.model LIKE 'gp'"_s << none;
    QTest::addRow("like dot is literal") << u"params.lr LIKE '0.1'"_s << QStringList { u"r1"_s };
    QTest::addRow("like several percents") << u"params.model LIKE 'b%t%x'"_s << QStringList { u"r5"_s };
    QTest::addRow("ilike general pattern") << u"params.model ILIKE '_e%t'"_s << QStringList { u"r1"_s };
    QTest::addRow("like backtracks past a false start") << u"params.path LIKE '%a_c'"_s << QStringList { u"r3"_s };
    QTest::addRow("like spans newlines") << u"tags.`mlflow.note.content` LIKE 'line1%line2'"_s
                                         << QStringList { u"r1"_s };
    QTest::addRow("like underscore matches a newline")
        << u"tags.\"mlflow.note.content\" LIKE 'line1_line2'"_s << QStringList { u"r1"_s };
    QTest::addRow("like underscore is one code point") << u"tags.emoji LIKE 'a_b'"_s << QStringList { u"r5"_s };
    QTest::addRow("ilike folds non-ascii") << u"tags.city ILIKE 'ZÜRICH'"_s << QStringList { u"r2"_s };
    QTest::addRow("ilike wildcards fold non-ascii") << u"tags.city ILIKE '_ÜR%H'"_s << QStringList { u"r2"_s };
    QTest::addRow("param is null") << u"params.lr IS NULL"_s << QStringList { u"r5"_s };
    QTest::addRow("param is not null in lower case")
        << u"params.model is not null"_s << QStringList { u"r1"_s, u"r2"_s, u"r3"_s, u"r5"_s };
    QTest::addRow("tag equal") << u"tags.team = 'NLP'"_s << QStringList { u"r1"_s };
    QTest::addRow("tag ilike") << u"tags.team ILIKE 'nlp'"_s << QStringList { u"r1"_s, u"r2"_s };
    QTest::addRow("tag alias singular") << u"tag.team = 'vision'"_s << QStringList { u"r3"_s };
    QTest::addRow("tag is null") << u"tags.team IS NULL"_s << QStringList { u"r4"_s, u"r5"_s };
    QTest::addRow("doubled quote is kept as typed") << u"tags.quote = 'it''s'"_s << QStringList { u"r5"_s };
    QTest::addRow("double-quoted value with apostrophe") << u"tags.apostrophe = \"it's\""_s << QStringList { u"r3"_s };
    QTest::addRow("keywords inside a string") << u"tags.desc = 'x OR y AND z'"_s << QStringList { u"r2"_s };

    // Attributes.
    QTest::addRow("run id equal") << u"attributes.run_id = 'r2'"_s << QStringList { u"r2"_s };
    QTest::addRow("run id in") << u"attributes.run_id IN ('r1', \"r3\")"_s << QStringList { u"r1"_s, u"r3"_s };
    QTest::addRow("run id not in with trailing comma")
        << u"attr.run_id NOT IN ('r1','r3',)"_s << QStringList { u"r2"_s, u"r4"_s, u"r5"_s };
    QTest::addRow("run name") << u"attributes.run_name = 'resnet'"_s << QStringList { u"r3"_s };
    QTest::addRow("run name from the runName tag") << u"run.run_name = 'from-tag'"_s << QStringList { u"r4"_s };
    QTest::addRow("run name alias in backticks")
        << u"`Run Name` LIKE '%-%'"_s << QStringList { u"r1"_s, u"r2"_s, u"r4"_s };
    QTest::addRow("nameless run has no run name")
        << u"run_name != 'x'"_s << QStringList { u"r1"_s, u"r2"_s, u"r3"_s, u"r4"_s };
    QTest::addRow("status equal") << u"attributes.status = 'FINISHED'"_s << QStringList { u"r1"_s, u"r5"_s };
    QTest::addRow("status is case-sensitive") << u"status = 'finished'"_s << none;
    QTest::addRow("status ilike") << u"attribute.status ILIKE 'f%'"_s << QStringList { u"r1"_s, u"r3"_s, u"r5"_s };
    QTest::addRow("status not equal") << u"status != 'RUNNING'"_s << QStringList { u"r1"_s, u"r3"_s, u"r4"_s, u"r5"_s };
    QTest::addRow("user id") << u"attributes.user_id = 'alice'"_s << QStringList { u"r1"_s, u"r3"_s };
    QTest::addRow("empty user id is a value") << u"user_id = ''"_s << QStringList { u"r4"_s };
    QTest::addRow("artifact uri like") << u"attributes.artifact_uri LIKE '%/r1/%'"_s << QStringList { u"r1"_s };
    QTest::addRow("start time") << u"attributes.start_time >= 2000"_s << QStringList { u"r2"_s, u"r3"_s };
    QTest::addRow("created alias") << u"created < 2000"_s << QStringList { u"r1"_s, u"r5"_s };
    QTest::addRow("end time skips running runs") << u"run.end_time > 0"_s << QStringList { u"r1"_s, u"r3"_s, u"r5"_s };
    QTest::addRow("time with a float literal") << u"start_time > 1.5e3"_s << QStringList { u"r2"_s, u"r3"_s };

    // Joining and spelling.
    QTest::addRow("and joins clauses") << u"metrics.acc > 0 and params.model ILIKE '%e%'"_s << QStringList { u"r1"_s };
    QTest::addRow("keywords in any case")
        << u"metrics.acc >= 0.5 AnD params.lr Like '0%'"_s << QStringList { u"r1"_s, u"r2"_s, u"r4"_s };
    QTest::addRow("stray ands as in mlflow") << u"AND metrics.acc > 0.5 and AND "_s << QStringList { u"r1"_s };
    QTest::addRow("no spaces") << u"metrics.acc>0.5 and params.lr='0.1'"_s << QStringList { u"r1"_s };
    QTest::addRow("tabs and newlines") << u"\tmetrics.acc > 0.5\nAND\ttags.team = 'NLP'"_s << QStringList { u"r1"_s };
    QTest::addRow("three clauses") << u"status = 'FINISHED' AND user_id = 'alice' AND metrics.loss < 1"_s
                                   << QStringList { u"r1"_s };
    QTest::addRow("blank expression") << u"  \t "_s << all;
}

void TestSearchFilter::matches()
{
    QFETCH(QString, expression);
    QFETCH(QStringList, expected);

    const SearchFilter filter = SearchFilter::parse(expression);
    QVERIFY2(filter.isValid(), qPrintable(filter.errorMessage()));
    QCOMPARE(filter.errorColumn(), -1);
    QCOMPARE(filter.isEmpty(), expression.trimmed().isEmpty());
    QCOMPARE(matchingIds(filter), expected);
}

void TestSearchFilter::errors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("fragment"); // the key fact the message must state
    QTest::addColumn<int>("column");

    QTest::addRow("or") << u"metrics.acc > 0.5 OR params.lr = '0.1'"_s << u"MLflow search has no OR"_s << 19;
    QTest::addRow("or at the start") << u"OR metrics.acc > 1"_s << u"no OR"_s << 1;
    QTest::addRow("unknown entity") << u"foo.acc > 1"_s << u"Unknown entity 'foo'"_s << 1;
    QTest::addRow("entity prefixes are case-sensitive") << u"Metrics.acc > 1"_s << u"write 'metrics'"_s << 1;
    QTest::addRow("missing operator at the end")
        << u"metrics.acc"_s << u"Expected a comparison operator after 'metrics.acc'"_s << 12;
    QTest::addRow("missing operator before a value")
        << u"metrics.acc 5"_s << u"Expected a comparison operator after 'metrics.acc', found '5'"_s << 13;
    QTest::addRow("double equals") << u"metrics.acc == 1"_s << u"Unknown operator '=='"_s << 13;
    QTest::addRow("sql not-equal") << u"params.lr <> '1'"_s << u"Use '!='"_s << 11;
    QTest::addRow("unicode operator") << u"metrics.acc ≥ 1"_s << u"found '≥'"_s << 13;
    QTest::addRow("missing value") << u"metrics.acc >"_s << u"Expected a number for metric 'acc'"_s << 14;
    QTest::addRow("unterminated string") << u"params.lr = '0.1"_s << u"Unterminated string"_s << 13;
    QTest::addRow("unterminated backtick") << u"metrics.`val/loss > 1"_s << u"Unterminated backtick-quoted key"_s << 9;
    QTest::addRow("string compared to a metric") << u"metrics.acc > '0.5'"_s << u"found the string '0.5'"_s << 15;
    QTest::addRow("number compared to a param") << u"params.lr = 0.1"_s << u"found the number '0.1'"_s << 13;
    QTest::addRow("trailing garbage") << u"params.lr = '0.1' extra"_s << u"found 'extra'"_s << 19;
    QTest::addRow("semicolon") << u"metrics.acc > 1;"_s << u"found ';'"_s << 16;
    QTest::addRow("c-style and") << u"metrics.acc > 1 && params.a = 'x'"_s << u"found '&'"_s << 17;
    QTest::addRow("number glued to a word") << u"metrics.acc > 5abc"_s << u"found '5abc'"_s << 15;
    QTest::addRow("exponent without digits") << u"metrics.acc > 1e"_s << u"found '1e'"_s << 15;
    QTest::addRow("two decimal points") << u"metrics.acc > 1.2.3"_s << u"found '1.2.3'"_s << 15;
    QTest::addRow("plus sign") << u"metrics.acc > +1"_s << u"found '+1'"_s << 15;
    QTest::addRow("plus sign in the exponent, which mlflow rejects")
        << u"metrics.acc < 1E+0"_s << u"found '1E+0'"_s << 15;
    QTest::addRow("space after minus") << u"metrics.acc > - 1"_s << u"found '-'"_s << 15;
    QTest::addRow("like on a metric") << u"metrics.acc LIKE '1'"_s
                                      << u"Operator 'LIKE' cannot be used with metric 'acc'"_s << 13;
    QTest::addRow("greater on a param") << u"params.lr > '0.1'"_s << u"Operator '>' cannot be used with param 'lr'"_s
                                        << 11;
    QTest::addRow("is null on a metric") << u"metrics.acc IS NULL"_s
                                         << u"Operator 'IS NULL' cannot be used with metric 'acc'"_s << 13;
    QTest::addRow("is without null") << u"params.a IS 'x'"_s << u"Expected NULL or NOT NULL after IS"_s << 13;
    QTest::addRow("in on a tag") << u"tags.team IN ('a')"_s << u"Operator 'IN' cannot be used with tag 'team'"_s << 11;
    QTest::addRow("in on status") << u"status IN ('FINISHED')"_s << u"Only run_id supports IN and NOT IN"_s << 8;
    QTest::addRow("is not null on an attribute")
        << u"run_name IS NOT NULL"_s << u"only supported for params and tags"_s << 10;
    QTest::addRow("empty in list") << u"run_id IN ()"_s << u"Empty list"_s << 12;
    QTest::addRow("number in a list") << u"run_id IN ('a', 1)"_s << u"found '1'"_s << 17;
    QTest::addRow("unterminated list") << u"run_id IN ('a'"_s << u"Unterminated list"_s << 11;
    QTest::addRow("in without a list") << u"run_id IN 'a'"_s << u"Expected a parenthesised list"_s << 11;
    QTest::addRow("not like") << u"params.a NOT LIKE 'x'"_s << u"NOT LIKE is not supported"_s << 10;
    QTest::addRow("not at a clause start") << u"NOT params.a = 'x'"_s << u"cannot start with NOT"_s << 1;
    QTest::addRow("rlike") << u"params.a RLIKE 'x'"_s << u"Regular expressions are not supported"_s << 10;
    QTest::addRow("datasets") << u"datasets.name = 'train'"_s << u"datasets.* filters are not supported yet"_s << 1;
    QTest::addRow("dataset singular") << u"dataset.digest = 'x'"_s << u"not supported yet"_s << 1;
    QTest::addRow("unknown attribute") << u"attributes.foo = 'x'"_s << u"Unknown attribute 'foo'"_s << 12;
    QTest::addRow("lifecycle stage is not searchable")
        << u"attributes.lifecycle_stage = 'active'"_s << u"'lifecycle_stage' is not searchable"_s << 12;
    QTest::addRow("bare metric name") << u"acc > 0.5"_s << u"write metrics.acc"_s << 1;
    QTest::addRow("entity without a key") << u"metrics > 1"_s << u"Expected '.' and a key after 'metrics'"_s << 8;
    QTest::addRow("empty quoted key") << u"metrics.`` > 1"_s << u"Empty key"_s << 9;
    QTest::addRow("nothing after the dot") << u"metrics. > 1"_s << u"Expected a key after 'metrics.'"_s << 9;
    QTest::addRow("string on the left") << u"'acc' > 1"_s << u"found the string 'acc'"_s << 1;
    QTest::addRow("parentheses") << u"(metrics.acc > 1)"_s << u"Parentheses are not supported"_s << 1;
    QTest::addRow("missing and") << u"params.a = 'x' params.b = 'y'"_s << u"Expected AND"_s << 16;
    QTest::addRow("backtick value") << u"params.a = `x`"_s << u"Backticks quote keys"_s << 12;
    QTest::addRow("time compared to a string")
        << u"start_time > '2024'"_s << u"Expected a number for attribute 'start_time'"_s << 14;
    QTest::addRow("status compared to a number") << u"status = 1"_s << u"found the number '1'"_s << 10;
    QTest::addRow("greater on status") << u"status > 'A'"_s << u"Operator '>' cannot be used with attribute 'status'"_s
                                       << 8;
    QTest::addRow("like on a time") << u"end_time LIKE '1%'"_s << u"Operator 'LIKE' cannot be used"_s << 10;
    QTest::addRow("error after a valid clause")
        << u"metrics.acc > 0.5 AND params.lr ="_s << u"Expected a quoted string for param 'lr'"_s << 34;
}

void TestSearchFilter::errors()
{
    QFETCH(QString, expression);
    QFETCH(QString, fragment);
    QFETCH(int, column);

    const SearchFilter filter = SearchFilter::parse(expression);
    QVERIFY(!filter.isValid());
    QVERIFY(!filter.isEmpty());
    QVERIFY2(filter.errorMessage().contains(fragment),
        qPrintable(u"message: "_s + filter.errorMessage() + u"\nexpected to contain: "_s + fragment));
    QVERIFY2(filter.errorMessage().contains(u"column %1"_s.arg(column)), qPrintable(filter.errorMessage()));
    QCOMPARE(filter.errorColumn(), column);
    QCOMPARE(matchingIds(filter), QStringList());
}

void TestSearchFilter::defaultFilterMatchesEverything()
{
    const SearchFilter filter;
    QVERIFY(filter.isValid());
    QVERIFY(filter.isEmpty());
    QVERIFY(filter.errorMessage().isEmpty());
    QCOMPARE(filter.errorColumn(), -1);
    QCOMPARE(matchingIds(filter).size(), fixtureRuns().size());
}

void TestSearchFilter::blankExpressionIsEmpty()
{
    const SearchFilter blank = SearchFilter::parse(QString());
    QVERIFY(blank.isValid());
    QVERIFY(blank.isEmpty());
    const SearchFilter strayAnd = SearchFilter::parse(u" AND "_s);
    QVERIFY(strayAnd.isValid());
    QVERIFY(strayAnd.isEmpty());
    QVERIFY(!SearchFilter::parse(u"metrics.acc > 0"_s).isEmpty());
}

void TestSearchFilter::copiesKeepTheirClauses()
{
    SearchFilter copy;
    {
        const SearchFilter original = SearchFilter::parse(u"params.model ILIKE 'b%'"_s);
        copy = original;
    }
    QCOMPARE(matchingIds(copy), (QStringList { u"r1"_s, u"r5"_s }));
    copy = SearchFilter::parse(u"metrics.acc >"_s);
    QVERIFY(!copy.isValid());
    QCOMPARE(matchingIds(copy), QStringList());
}

QTEST_GUILESS_MAIN(TestSearchFilter)
#include "tst_searchfilter.moc"
