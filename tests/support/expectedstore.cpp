#include "expectedstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cmath>

namespace {

QString str(const nlohmann::json& j)
{
    return j.is_string() ? QString::fromStdString(j.get<std::string>()) : QString();
}

QString describe(double v)
{
    return QString::number(v, 'g', 17);
}

QStringList compareMap(const QString& where, const QMap<QString, QString>& actual, const nlohmann::json& expected)
{
    QStringList out;
    QMap<QString, QString> want;
    for (auto it = expected.begin(); it != expected.end(); ++it)
        want.insert(QString::fromStdString(it.key()), str(it.value()));
    for (auto it = want.cbegin(); it != want.cend(); ++it) {
        if (!actual.contains(it.key()))
            out << where + u": missing key '" + it.key() + u'\'';
        else if (actual.value(it.key()) != it.value())
            out << where + u": '" + it.key() + u"' is '" + actual.value(it.key()) + u"', mlflow says '" + it.value()
                    + u'\'';
    }
    for (auto it = actual.cbegin(); it != actual.cend(); ++it) {
        if (!want.contains(it.key()))
            out << where + u": unexpected key '" + it.key() + u'\'';
    }
    return out;
}

std::optional<qint64> optionalInt(const nlohmann::json& j)
{
    if (j.is_number_integer())
        return j.get<qint64>();
    return std::nullopt;
}

} // namespace

bool sameMetricValue(const nlohmann::json& expected, double actual)
{
    if (expected.is_string()) {
        const auto s = expected.get<std::string>();
        if (s == "NaN")
            return std::isnan(actual);
        if (s == "Infinity")
            return std::isinf(actual) && actual > 0;
        if (s == "-Infinity")
            return std::isinf(actual) && actual < 0;
        return false;
    }
    return expected.is_number() && expected.get<double>() == actual;
}

QString ExpectedStore::fixtureRoot()
{
    return QStringLiteral(RUNLENS_FIXTURE_DIR);
}

ExpectedStore::ExpectedStore(const QString& fixture)
    : m_dir(fixtureRoot() + u'/' + fixture)
{
    QFile f(m_dir + QStringLiteral("/expected.json"));
    if (!f.open(QIODevice::ReadOnly)) {
        m_error = u"cannot open " + f.fileName() + u" (the fixture is written by ctest's fixtures/* tests; run "
                                                 u"packaging/setup.sh test)";
        return;
    }
    const QByteArray bytes = f.readAll();
    m_json = nlohmann::json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
    if (m_json.is_discarded())
        m_error = f.fileName() + QStringLiteral(": not valid JSON");
}

bool ExpectedStore::isSqlite() const
{
    return m_json.value("store", std::string()) == "sqlite";
}

QString ExpectedStore::storePath() const
{
    return m_dir + (isSqlite() ? QStringLiteral("/mlflow.db") : QStringLiteral("/mlruns"));
}

QString ExpectedStore::uri() const
{
    return isSqlite() ? u"sqlite:///" + QFileInfo(storePath()).absoluteFilePath() : storePath();
}

QStringList ExpectedStore::compareCatalog(const Catalog& catalog) const
{
    QStringList out;
    const auto& exps = m_json.at("experiments");
    if (static_cast<qsizetype>(exps.size()) != catalog.experiments.size())
        out << u"experiment count " + QString::number(catalog.experiments.size()) + u", mlflow has "
                + QString::number(exps.size());
    for (const auto& e : exps) {
        const QString id = str(e.at("experiment_id"));
        const Experiment* mine = catalog.experiment(id);
        if (!mine) {
            out << u"experiment " + id + u" missing";
            continue;
        }
        const QString where = u"experiment " + id;
        if (mine->name != str(e.at("name")))
            out << where + u": name '" + mine->name + u"' vs '" + str(e.at("name")) + u'\'';
        if (mine->lifecycleStage() != str(e.at("lifecycle_stage")))
            out << where + u": lifecycle " + mine->lifecycleStage();
        if (mine->artifactLocation != str(e.at("artifact_location")))
            out << where + u": artifact_location '" + mine->artifactLocation + u'\'';
        out << compareMap(where + u" tags", mine->tags, e.at("tags"));
    }

    const auto& runs = m_json.at("runs");
    if (static_cast<qsizetype>(runs.size()) != catalog.runs.size())
        out << u"run count " + QString::number(catalog.runs.size()) + u", mlflow has " + QString::number(runs.size());
    for (const auto& r : runs) {
        const QString id = str(r.at("run_id"));
        const Run* mine = catalog.run(id);
        if (!mine) {
            out << u"run " + id + u" (" + str(r.at("run_name")) + u") missing";
            continue;
        }
        const QString where = u"run " + id;
        if (mine->name != str(r.at("run_name")))
            out << where + u": name '" + mine->name + u"' vs '" + str(r.at("run_name")) + u'\'';
        if (mine->experimentId != str(r.at("experiment_id")))
            out << where + u": experiment " + mine->experimentId;
        if (runStatusName(mine->status) != str(r.at("status")))
            out << where + u": status " + runStatusName(mine->status) + u" vs " + str(r.at("status"));
        if (mine->lifecycleStage() != str(r.at("lifecycle_stage")))
            out << where + u": lifecycle " + mine->lifecycleStage();
        if (mine->user != str(r.at("user_id")))
            out << where + u": user '" + mine->user + u"' vs '" + str(r.at("user_id")) + u'\'';
        if (mine->artifactUri != str(r.at("artifact_uri")))
            out << where + u": artifact_uri '" + mine->artifactUri + u'\'';
        if (mine->startTimeMs != optionalInt(r.at("start_time")))
            out << where + u": start_time differs";
        if (mine->endTimeMs != optionalInt(r.at("end_time")))
            out << where + u": end_time differs";
        out << compareMap(where + u" params", mine->params, r.at("params"));
        out << compareMap(where + u" tags", mine->tags, r.at("tags"));
        const auto& metrics = r.at("metrics");
        if (static_cast<qsizetype>(metrics.size()) != mine->metrics.size())
            out << where + u": " + QString::number(mine->metrics.size()) + u" metrics, mlflow has "
                    + QString::number(metrics.size());
        for (auto it = metrics.begin(); it != metrics.end(); ++it) {
            const QString key = QString::fromStdString(it.key());
            if (!mine->metrics.contains(key)) {
                out << where + u": metric '" + key + u"' missing";
                continue;
            }
            const MetricSummary& s = mine->metrics[key];
            if (!sameMetricValue(it.value(), s.latest))
                out << where + u": latest '" + key + u"' = " + describe(s.latest) + u", mlflow says "
                        + QString::fromStdString(it.value().dump());
        }
    }
    return out;
}

QStringList ExpectedStore::compareHistories(Source& source) const
{
    QStringList out;
    CancelToken cancel;
    for (const auto& r : m_json.at("runs")) {
        const QString id = str(r.at("run_id"));
        const auto& histories = r.at("histories");
        for (auto it = histories.begin(); it != histories.end(); ++it) {
            const QString key = QString::fromStdString(it.key());
            const QString where = u"run " + id + u" metric '" + key + u'\'';
            const ReadResult<MetricSeries> got = source.series(id, key, cancel);
            if (!got.ok()) {
                out << where + u": " + got.error.value_or(QStringLiteral("cancelled"));
                continue;
            }
            const auto& points = it.value();
            if (got.value.size() != points.size()) {
                out << where + u": " + QString::number(got.value.size()) + u" points, mlflow has "
                        + QString::number(points.size());
                continue;
            }
            // mlflow's SQL store returns histories ordered by (timestamp, step, value) and the file store in file
            // order; both are what get_metric_history gives, so the order must match as well.
            for (size_t i = 0; i < points.size(); ++i) {
                const auto& p = points[i];
                if (got.value.steps[i] != p[0].get<qint64>() || got.value.timestampsMs[i] != p[1].get<qint64>()
                    || !sameMetricValue(p[2], got.value.values[i])) {
                    out << where + u": point " + QString::number(i) + u" is (" + QString::number(got.value.steps[i])
                            + u", " + QString::number(got.value.timestampsMs[i]) + u", "
                            + describe(got.value.values[i]) + u"), mlflow says " + QString::fromStdString(p.dump());
                    break;
                }
            }
        }
    }
    return out;
}

QStringList ExpectedStore::compareRegistry(const Catalog& catalog) const
{
    QStringList out;
    const auto& models = m_json.at("models");
    if (static_cast<qsizetype>(models.size()) != catalog.models.size())
        out << u"registered model count " + QString::number(catalog.models.size()) + u", mlflow has "
                + QString::number(models.size());
    for (const auto& m : models) {
        const QString name = str(m.at("name"));
        const auto it = std::find_if(catalog.models.cbegin(), catalog.models.cend(),
            [&](const RegisteredModel& rm) { return rm.name == name; });
        if (it == catalog.models.cend()) {
            out << u"registered model '" + name + u"' missing";
            continue;
        }
        if (it->description != str(m.at("description")))
            out << u"model '" + name + u"': description '" + it->description + u'\'';
        for (auto a = m.at("aliases").begin(); a != m.at("aliases").end(); ++a) {
            const QString alias = QString::fromStdString(a.key());
            const int version = std::stoi(a.value().is_string() ? a.value().get<std::string>() : a.value().dump());
            if (it->aliases.value(alias, -1) != version)
                out << u"model '" + name + u"': alias '" + alias + u"' should point at version "
                        + QString::number(version);
        }
        const auto& versions = m.at("versions");
        if (static_cast<qsizetype>(versions.size()) != it->versions.size()) {
            out << u"model '" + name + u"': " + QString::number(it->versions.size()) + u" versions, mlflow has "
                    + QString::number(versions.size());
            continue;
        }
        for (size_t i = 0; i < versions.size(); ++i) {
            const auto& v = versions[i];
            const ModelVersion& mine = it->versions[static_cast<qsizetype>(i)];
            if (mine.version != v.at("version").get<int>() || mine.runId != str(v.at("run_id"))
                || mine.stage != str(v.at("stage")))
                out << u"model '" + name + u"' version " + QString::number(mine.version) + u" differs";
        }
    }
    return out;
}
