#pragma once

#include "readresult.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <optional>

// The W3C PROV-JSON document yProv4ML writes at end_run (prov_<experiment>_GR<rank>_<RUN_ID>.json, python `prov`
// serialisation). Its root activity "context:<experiment>_GR<rank>_<RUN_ID>" (level 0) carries the run's own
// attributes (python_version, global_rank, …) and the params logged without a context (itwinai's
// save_hyperparameters); the context activities ("context:Context.TRAINING", level 1) carry the params logged in
// that context. Attribute values come as PROV typed literals ({"$": "0.001", "type": "xsd:double"}), plain JSON
// strings, booleans and arrays, or as the Python repr yProv4ML writes for other types ("{'$': '[32, 64]', 'type':
// 'list'}"); each is turned into the text Python's str() gives of the value held in the file.
class Prov4mlDocument final {
public:
    QMap<QString, QString> params; // attribute name without the "yProv4ML:" prefix -> text
    QMap<QString, QString> runAttributes; // python_version, global_rank, run_id, experiment_dir, …
    std::optional<qint64> startTimeMs; // execution_start_time (seconds, float)
    std::optional<qint64> endTimeMs; // execution_end_time

    // nullopt (and a warning naming the file) when the file is not a PROV-JSON document.
    static std::optional<Prov4mlDocument> parse(
        const QByteArray& json, const QString& fileName, QList<ReadWarning>& warnings);
    // yProv4ML's own attributes of the root activity, kept apart from params.
    static bool isRunAttribute(const QString& name);
};
