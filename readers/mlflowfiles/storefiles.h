#pragma once

#include "readresult.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

// Low-level reading of the file store's pieces, shared by runs, experiments and the registry. Paths are
// handled as raw bytes (std::filesystem) so a non-UTF-8 file name can be reported instead of mangled.
class StoreFiles final {
public:
    struct Entry {
        QString name; // decoded UTF-8 name, or the key relative to the walked folder
        std::string path; // raw path
    };

    // Whole file; nullopt (and a warning) if it cannot be read.
    static std::optional<QByteArray> readFile(const std::string& path, QList<ReadWarning>& warnings);
    // A meta.yaml as a map node. MLflow rewrites run meta.yaml in place (truncate + write), so an empty file is
    // retried once after a short pause before it is reported.
    static std::optional<YAML::Node> readYaml(const std::string& path, QList<ReadWarning>& warnings);
    // Immediate sub-directories (or files), sorted by name; entries whose names are not UTF-8 are reported.
    static std::vector<Entry> list(const std::string& dir, bool directories, QList<ReadWarning>& warnings);
    // Every file below `dir`, keyed by its relative path with '/' (keys containing '/' are sub-folders).
    static std::vector<Entry> walkKeys(const std::string& dir, QList<ReadWarning>& warnings);
    // params/ or tags/: key -> file content (UTF-8, no trailing newline added or removed).
    static QMap<QString, QString> readKeyValues(const std::string& dir, QList<ReadWarning>& warnings);

    static QString display(const std::string& path) { return QString::fromUtf8(path); }
    static bool isDirectory(const std::string& path);
    static bool exists(const std::string& path);
};

// Typed access to YAML scalars with MLflow's conventions (null, quoted or unquoted numbers).
namespace MetaValue {
QString string(const YAML::Node& node, const char* key);
std::optional<qint64> integer(const YAML::Node& node, const char* key);
bool has(const YAML::Node& node, const char* key);
}
