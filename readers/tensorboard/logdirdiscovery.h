#pragma once

#include "readresult.h"

#include <QString>
#include <QStringList>

#include <vector>

// Finds the runs of a TensorBoard logdir (reference/tensorboard.md §3): every directory below the root that holds
// files whose basename contains "tfevents" is a run, named by its path relative to the root ("." for the root).
// Profiler placeholders (*.profile-empty) are skipped. Symbolic links to directories are not followed, so a link
// loop cannot trap the walk; linked event files are read.
//
// itwinai's TensorBoardLogger breaks that rule (reference/telemetry.md §2.8): every process of a job writes into the
// same mllogs/tensorboard/ folder, and add_hparams puts a second file into a sub-folder named by time.time(). Read
// per directory, the ranks' curves would be merged into one zig-zag. Layout::PerWriter makes each writer process
// (the host and pid in events.out.tfevents.<time>.<host>.<pid>.<n>) a run of its own, named "<host>.<pid>" (below
// its directory's relative path), with the files of the same writer in timestamp-named sub-folders joined to it.
class LogdirDiscovery final {
public:
    enum class Layout { PerDirectory, PerWriter };
    struct RunFiles {
        QString name; // relative path, '/'-separated; "." for the root; PerWriter: "<dir>/<host>.<pid>"
        QString directory; // absolute
        QString writer; // PerWriter: "<host>.<pid>"; empty for PerDirectory
        QStringList files; // absolute, in file-name order (≈ creation order: names embed a padded timestamp)
    };
    static std::vector<RunFiles> discover(
        const QString& root, QList<ReadWarning>& warnings, Layout layout = Layout::PerDirectory);
    static QStringList eventFilesIn(const QString& directory); // one directory, not recursive
    // The files of one writer in `directory` and its timestamp-named sub-folders (PerWriter runs).
    static QStringList writerFilesIn(const QString& directory, const QString& writer);
    static bool isEventFileName(const QString& fileName);
    // "<host>.<pid>" of a writer's file name, empty when the name does not follow the writers' pattern.
    static QString writerOf(const QString& fileName);
    // add_hparams' sub-folder: str(time.time()), e.g. "1712345678.1234567".
    static bool isTimestampFolderName(const QString& name);
};
