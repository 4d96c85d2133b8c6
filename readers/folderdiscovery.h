#pragma once

#include "canceltoken.h"
#include "readresult.h"

#include <QList>
#include <QString>

// Finds the stores inside a folder a user opens (an itwinai mllogs/, a project folder): MLflow file stores,
// TensorBoard logdirs, yProv4ML outputs, OneLogger files, MLflow and FLOR SQLite databases. W&B run folders are
// recognised and named in `notes`, since RunLens cannot read them yet. A store is not searched further (an MLflow
// store's .trash staging, its artifacts, a W&B run's files are never walked into).
//
// TensorBoard's run-per-directory rule decides where a logdir starts: every folder holding event files belongs to
// the highest folder above it (up to the opened one) that contains no other store, so mllogs/tensorboard/ (with its
// add_hparams sub-folder) is one logdir, and a plain logdir opened directly is itself. itwinai's folder is read one
// run per writer process (see isItwinaiTensorBoardFolder).
//
// A yProv4ML store is known by its run folders (metrics_GR<n>/, prov_*_GR<n>_<id>.json), so it is found when the
// walk reaches them, one level below the store. The walk is bounded: depth and folder count are capped (a note says so
// when a cap is hit), hidden folders (except .flor, FLOR's), symbolic links to folders and well-known bulky trees
// (.git, node_modules, virtual environments) are skipped, and the cancel token is polled per folder.
class FolderDiscovery final {
public:
    struct Store {
        QString path; // absolute, clean: a folder, or a database file
        QString kind; // the SourceInfo kind of the reader that opens it: "mlflow-files", "tensorboard", "prov4ml",
                      // "onelogger", "mlflow-sqlite", "flor"
        QString displayName; // path relative to the opened folder ("." for the folder itself)
        // A TensorBoard logdir that itwinai's TensorBoardLogger wrote (a folder named tensorboard in an itwinai
        // savedir): one run per writer process, not per directory (LogdirDiscovery::Layout::PerWriter).
        bool runPerWriter = false;
    };
    struct Limits {
        int maxDepth = 6;
        int maxFolders = 20000;
    };
    struct Result {
        QList<Store> stores; // in path order
        QList<ReadWarning> notes; // recognised but unreadable content (W&B runs)
        QList<ReadWarning> limitsHit; // the walk stopped early: where, and why
        bool cancelled = false;
    };

    static Result discover(const QString& folder, const CancelToken& cancel = {});
    static Result discover(const QString& folder, const CancelToken& cancel, Limits limits);
    // wandb's run folders: run-<YYYYMMDD_HHMMSS>-<id> (online) and offline-run-<…>-<id>.
    static bool isWandbRunFolderName(const QString& name);
    // Stricter than "has a meta.yaml below": an experiment meta.yaml (experiment_id and artifact_location) or a
    // models/ registry entry, so a random project folder with a models/ directory is not taken for a store.
    static bool isMlflowFileStore(const QString& dir);
    // mllogs/tensorboard/ as itwinai leaves it: event files written straight into a folder named tensorboard whose
    // parent is named mllogs (itwinai's default savedir) or holds another itwinai logger's folder beside it.
    static bool isItwinaiTensorBoardFolder(const QString& dir);
};
