#pragma once

#include "folderdiscovery.h"
#include "source.h"

#include <QString>

#include <memory>

// Maps what a user types (a path, file:///…, sqlite:///relative.db, sqlite:////abs.db) to a Source. A folder that is
// no store itself but holds stores (an itwinai mllogs/) opens as a FolderSource over what FolderDiscovery finds.
class SourceFactory final {
public:
    struct Opened {
        std::unique_ptr<Source> source;
        QString error; // set when no source could be made
    };
    static Opened open(const QString& uriOrPath);
    // The reader for one store FolderDiscovery found, by its kind.
    static Opened openStore(const FolderDiscovery::Store& store);
    // The URI to open when none is given: MLFLOW_TRACKING_URI, else ./mlflow.db, else ./mlruns; empty if none.
    static QString defaultUri();
};
