#include "filestorerunreader.h"

#include "metricfileparser.h"
#include "storefiles.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace {

// Run meta.yaml stores the status as MLflow's integer enum; tolerate the name too (hand-edited or foreign files).
RunStatus statusOf(const YAML::Node& meta)
{
    const QString raw = MetaValue::string(meta, "status");
    if (raw.isEmpty())
        return RunStatus::Running; // MLflow: missing status -> RUNNING
    bool isInt = false;
    const int n = raw.toInt(&isInt);
    return isInt ? runStatusFromInt(n) : runStatusFromName(raw);
}

} // namespace

std::optional<Run> FileStoreRunReader::read(
    const std::string& runDir, const QString& experimentFolder, QList<ReadWarning>& warnings)
{
    const std::string metaPath = runDir + "/meta.yaml";
    const auto meta = StoreFiles::readYaml(metaPath, warnings);
    if (!meta)
        return std::nullopt;
    Run run;
    run.runId = MetaValue::string(*meta, "run_id");
    if (run.runId.isEmpty())
        run.runId = MetaValue::string(*meta, "run_uuid"); // MLflow 1.x/2.x also wrote the legacy key
    run.experimentId = MetaValue::string(*meta, "experiment_id");
    if (run.runId.isEmpty() || run.experimentId.isEmpty()) {
        warnings.append(ReadWarning::at(StoreFiles::display(metaPath),
            QStringLiteral("meta.yaml has no run_id or experiment_id (truncated?); run skipped")));
        return std::nullopt;
    }
    if (run.experimentId != experimentFolder) {
        // MLflow refuses such a run ("metadata is in invalid state"); so do we, but say so.
        warnings.append(ReadWarning::at(StoreFiles::display(metaPath),
            u"experiment_id " + run.experimentId + u" does not match the experiment folder " + experimentFolder
                + u"; run skipped"));
        return std::nullopt;
    }
    run.name = MetaValue::string(*meta, "run_name");
    run.status = statusOf(*meta);
    run.user = MetaValue::string(*meta, "user_id");
    run.startTimeMs = MetaValue::integer(*meta, "start_time");
    run.endTimeMs = MetaValue::integer(*meta, "end_time");
    run.artifactUri = MetaValue::string(*meta, "artifact_uri");
    run.deleted = MetaValue::string(*meta, "lifecycle_stage") == QStringLiteral("deleted");

    run.params = StoreFiles::readKeyValues(runDir + "/params", warnings);
    run.tags = StoreFiles::readKeyValues(runDir + "/tags", warnings);
    for (const StoreFiles::Entry& e : StoreFiles::walkKeys(runDir + "/metrics", warnings)) {
        const auto bytes = StoreFiles::readFile(e.path, warnings);
        if (!bytes)
            continue;
        const auto parsed = MetricFileParser::parse(*bytes, StoreFiles::display(e.path), nullptr, warnings);
        if (parsed.summary.count > 0)
            run.metrics.insert(e.name, parsed.summary);
    }
    run.adoptWellKnownTags();
    return run;
}

std::optional<Experiment> FileStoreRunReader::readExperiment(
    const std::string& experimentDir, const QString& folderName, QList<ReadWarning>& warnings)
{
    const std::string metaPath = experimentDir + "/meta.yaml";
    const auto meta = StoreFiles::readYaml(metaPath, warnings);
    if (!meta)
        return std::nullopt;
    Experiment e;
    e.experimentId = MetaValue::string(*meta, "experiment_id");
    if (e.experimentId != folderName) {
        warnings.append(ReadWarning::at(StoreFiles::display(metaPath),
            u"experiment_id '" + e.experimentId + u"' does not match its folder name; experiment skipped (as MLflow "
                                                  u"does)"));
        return std::nullopt;
    }
    e.name = MetaValue::string(*meta, "name");
    e.artifactLocation = MetaValue::string(*meta, "artifact_location");
    e.deleted = MetaValue::string(*meta, "lifecycle_stage") == QStringLiteral("deleted");
    e.creationTimeMs = MetaValue::integer(*meta, "creation_time");
    e.lastUpdateTimeMs = MetaValue::integer(*meta, "last_update_time");
    e.tags = StoreFiles::readKeyValues(experimentDir + "/tags", warnings);
    return e;
}

QVector<RegisteredModel> FileStoreRunReader::readRegistry(const std::string& modelsDir, QList<ReadWarning>& warnings)
{
    QVector<RegisteredModel> out;
    if (!StoreFiles::isDirectory(modelsDir))
        return out;
    for (const StoreFiles::Entry& dir : StoreFiles::list(modelsDir, true, warnings)) {
        const auto meta = StoreFiles::readYaml(dir.path + "/meta.yaml", warnings);
        if (!meta)
            continue;
        RegisteredModel m;
        m.name = MetaValue::string(*meta, "name");
        if (m.name.isEmpty())
            m.name = dir.name;
        m.description = MetaValue::string(*meta, "description");
        m.creationTimeMs = MetaValue::integer(*meta, "creation_timestamp");
        m.lastUpdatedTimeMs = MetaValue::integer(*meta, "last_updated_timestamp");
        m.tags = StoreFiles::readKeyValues(dir.path + "/tags", warnings);
        if (m.tags.value(QStringLiteral("mlflow.prompt.is_prompt")).compare(u"true", Qt::CaseInsensitive) == 0)
            continue; // prompts live in the registry but are not models (MLflow hides them too)
        // The meta.yaml "aliases" dict is stale; the aliases/ folder is the truth.
        for (const auto& [alias, version] : StoreFiles::readKeyValues(dir.path + "/aliases", warnings).asKeyValueRange())
            m.aliases.insert(alias, version.trimmed().toInt());
        for (const StoreFiles::Entry& v : StoreFiles::list(dir.path, true, warnings)) {
            if (!v.name.startsWith(u"version-"))
                continue;
            const auto vmeta = StoreFiles::readYaml(v.path + "/meta.yaml", warnings);
            if (!vmeta)
                continue;
            ModelVersion mv;
            mv.stage = MetaValue::string(*vmeta, "current_stage");
            if (mv.stage == u"Deleted_Internal")
                continue;
            mv.version = static_cast<int>(MetaValue::integer(*vmeta, "version").value_or(0));
            mv.runId = MetaValue::string(*vmeta, "run_id");
            mv.source = MetaValue::string(*vmeta, "source");
            mv.status = MetaValue::string(*vmeta, "status");
            mv.description = MetaValue::string(*vmeta, "description");
            mv.userId = MetaValue::string(*vmeta, "user_id");
            mv.creationTimeMs = MetaValue::integer(*vmeta, "creation_timestamp");
            mv.lastUpdatedTimeMs = MetaValue::integer(*vmeta, "last_updated_timestamp");
            mv.tags = StoreFiles::readKeyValues(v.path + "/tags", warnings);
            m.versions.append(mv);
        }
        std::sort(m.versions.begin(), m.versions.end(),
            [](const ModelVersion& a, const ModelVersion& b) { return a.version < b.version; });
        out.append(m);
    }
    return out;
}
