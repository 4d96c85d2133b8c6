#pragma once

#include "catalog.h"
#include "readresult.h"

#include <optional>
#include <string>

// Reads one run folder of the file store: meta.yaml, params/, tags/ and the summary of every metrics/ file.
class FileStoreRunReader final {
public:
    static std::optional<Run> read(
        const std::string& runDir, const QString& experimentFolder, QList<ReadWarning>& warnings);
    static std::optional<Experiment> readExperiment(
        const std::string& experimentDir, const QString& folderName, QList<ReadWarning>& warnings);
    static QVector<RegisteredModel> readRegistry(const std::string& modelsDir, QList<ReadWarning>& warnings);
};
