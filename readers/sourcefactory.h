#pragma once

#include "source.h"

#include <QString>

#include <memory>

// Maps what a user types (a path, file:///…, sqlite:///relative.db, sqlite:////abs.db) to a Source.
class SourceFactory final {
public:
    struct Opened {
        std::unique_ptr<Source> source;
        QString error; // set when no source could be made
    };
    static Opened open(const QString& uriOrPath);
    // The URI to open when none is given: MLFLOW_TRACKING_URI, else ./mlflow.db, else ./mlruns; empty if none.
    static QString defaultUri();
};
