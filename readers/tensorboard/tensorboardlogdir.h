#pragma once

#include "logdirdiscovery.h"
#include "source.h"
#include "tensorboardrunreader.h"

#include <QHash>
#include <QMutex>
#include <QPair>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

// A TensorBoard logdir, or several named ones (`--logdir_spec` style "name:path,name:path"), read-only
// (reference/tensorboard.md). Each logdir is one experiment named after its folder (or its spec name); each
// directory holding event files is a run whose id and name are its path relative to the logdir ("." for the
// root), prefixed by "<spec name>/" when a spec names several logdirs.
//
// Run fields: start/end = first/last event wall time; params = hparams of `_hparams_/session_start_info`; tags =
// short text summaries (tag → latest text) plus `runlens.tensorboard.skipped` listing histogram/image/audio/tensor
// tags that are counted but not loaded; metrics = scalar tags, whose latest value is the last point in step order
// (the greatest step, the last read on ties) — TensorBoard's own notion of a series' end — with min/max/count.
// Status: from `_hparams_/session_end_info` when present; otherwise RUNNING while the newest event file was
// modified within liveWindowSeconds() (120 s by default: a writer flushes every 120 s at most), else FINISHED.
//
// Following a logdir: index() keeps, per run, where each event file's last complete record ended and the per-tag
// state (summaries, not histories), so the next index() reads only what was appended; a run whose files changed
// otherwise is read again from the start (TensorBoardRunReader::resume()). series() does the same for each run and
// tag it returned lately (kResumableSeries of them): a refresh of a charted series reads the appended bytes only.
class TensorBoardLogdir final : public Source {
public:
    struct Root {
        QString name; // experiment name; the spec name, or the folder name
        QString path; // absolute, clean
        bool named = false; // came from a "name:path" spec entry: run names get the "name/" prefix
        LogdirDiscovery::Layout layout = LogdirDiscovery::Layout::PerDirectory; // PerWriter: an itwinai folder
    };

    explicit TensorBoardLogdir(QList<Root> roots, QString uri = {});
    static std::unique_ptr<TensorBoardLogdir> fromPath(
        const QString& path, LogdirDiscovery::Layout layout = LogdirDiscovery::Layout::PerDirectory); // one logdir
    // "name:path,name:path"; an empty list and `error` set when the spec is malformed.
    static QList<Root> parseSpec(const QString& spec, QString* error);
    static bool looksLikeSpec(const QString& input);

    SourceInfo info() const override;
    ReadResult<Catalog> index(const Progress& progress, const CancelToken& cancel) override;
    ReadResult<MetricSeries> series(const QString& runId, const QString& metricKey, const CancelToken& cancel) override;

    void setThreadCount(int threads) { m_threads = threads; }
    void setDecoder(TensorBoardRunReader::Decoder decoder) { m_decoder = decoder; }
    void setLiveWindowSeconds(int seconds) { m_liveWindowSeconds = seconds; }
    int liveWindowSeconds() const { return m_liveWindowSeconds; }

    // Bytes the last index() read from event files: all of them the first time, the appended ones afterwards.
    qint64 lastIndexBytesRead() const { return m_lastIndexBytesRead.load(); }
    // The same for the last series(), and whether it continued the series it returned before for that run and tag.
    qint64 lastSeriesBytesRead() const { return m_lastSeriesBytesRead.load(); }
    bool lastSeriesResumed() const { return m_lastSeriesResumed.load(); }
    // How many series (run, tag) are remembered for resuming; the least recently asked for is dropped first.
    static constexpr int kResumableSeries = 64;

    static inline const QString kSkippedTag = QStringLiteral("runlens.tensorboard.skipped");

private:
    // What index() learnt about one run; immutable once stored, shared with readers of an older snapshot.
    struct RunState {
        QString experimentId;
        QString directory;
        QString writer; // PerWriter runs: whose files in `directory` (and its add_hparams sub-folders) are the run's
        TensorBoardRunReader::RunData data; // histories folded into summaries
    };
    struct RunLocation {
        QString experimentId;
        QString directory;
        QStringList files;
        std::shared_ptr<const RunState> indexed; // null when the run was not indexed yet
    };
    // What series() returned for one run and tag, and where in each file it stopped, so the next call for them
    // reads only what was appended (TensorBoardRunReader::resume()) and appends the new points to the old. The
    // points here are never handed out (series() returns a copy, which its caller publishes as an immutable
    // snapshot), so they grow in place; a call takes its state out of m_series while it works on it, so two calls
    // for the same series never share one (the second then reads in full).
    struct SeriesState {
        QString directory;
        TensorBoardRunReader::RunData data; // read with onlyTag = the metric; its points folded into summaries
        MetricSeries points; // all of them, as returned last time
    };
    struct SeriesSlot {
        std::shared_ptr<SeriesState> state;
        quint64 lastUse = 0;
    };
    Run makeRun(const QString& runName, const QString& experimentId, const TensorBoardRunReader::RunData& data) const;
    RunLocation locate(const QString& runId);

    QList<Root> m_roots;
    QString m_uri;
    int m_threads = 0;
    int m_liveWindowSeconds = 120;
    TensorBoardRunReader::Decoder m_decoder = TensorBoardRunReader::Decoder::Fast;
    QMutex m_mutex; // guards m_runs: series() may run on another pool thread than index(), and index() on two
    QHash<QString, std::shared_ptr<const RunState>> m_runs;
    std::atomic<qint64> m_lastIndexBytesRead { 0 };
    QHash<QPair<QString, QString>, SeriesSlot> m_series; // (run id, metric key); guarded by m_mutex
    quint64 m_seriesUses = 0; // guarded by m_mutex
    std::atomic<qint64> m_lastSeriesBytesRead { 0 };
    std::atomic<bool> m_lastSeriesResumed { false };
};
