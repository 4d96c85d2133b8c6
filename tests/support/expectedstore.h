#pragma once

#include "catalog.h"
#include "source.h"

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

// mlflow's own reading of a fixture store (tests/fixtures/make_mlflow_fixture.py writes expected.json), and
// value-by-value comparison of RunLens's reading with it. Each compare* returns the mismatches found, one line
// each, so a test can show all of them at once: QVERIFY2(m.isEmpty(), qPrintable(m.join(u'\n'))).
class ExpectedStore final {
public:
    // Loads ${RUNLENS_FIXTURE_DIR}/<fixture>/expected.json; on failure isValid() is false and error() says why.
    explicit ExpectedStore(const QString& fixture);

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString directory() const { return m_dir; }
    QString storePath() const; // <dir>/mlruns or <dir>/mlflow.db
    QString uri() const; // the path, or sqlite:////abs/mlflow.db
    bool isSqlite() const;
    const nlohmann::json& json() const { return m_json; }

    QStringList compareCatalog(const Catalog& catalog) const; // experiments, runs, params, tags, latest metrics
    QStringList compareHistories(Source& source) const; // every metric history of every run
    QStringList compareRegistry(const Catalog& catalog) const;

    static QString fixtureRoot();

private:
    QString m_dir;
    QString m_error;
    nlohmann::json m_json;
};

// Equality for doubles read back from JSON, where NaN and ±inf are the strings mlflow's REST API uses.
bool sameMetricValue(const nlohmann::json& expected, double actual);
