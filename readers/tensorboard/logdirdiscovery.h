#pragma once

#include "readresult.h"

#include <QString>
#include <QStringList>

#include <vector>

// Finds the runs of a TensorBoard logdir (reference/tensorboard.md §3): every directory below the root that holds
// files whose basename contains "tfevents" is a run, named by its path relative to the root ("." for the root).
// Profiler placeholders (*.profile-empty) are skipped. Symbolic links to directories are not followed, so a link
// loop cannot trap the walk; linked event files are read.
class LogdirDiscovery final {
public:
    struct RunFiles {
        QString name; // relative path, '/'-separated; "." for the root
        QString directory; // absolute
        QStringList files; // absolute, in file-name order (≈ creation order: names embed a padded timestamp)
    };
    static std::vector<RunFiles> discover(const QString& root, QList<ReadWarning>& warnings);
    static QStringList eventFilesIn(const QString& directory); // one directory, not recursive
    static bool isEventFileName(const QString& fileName);
};
