#pragma once

#include "metricseries.h"
#include "metricsummary.h"
#include "readresult.h"

#include <QMap>
#include <QString>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

class CancelToken;

// Reads every event file of one run (one directory), in file-name order, into per-tag scalar histories, text
// tags, hparams and counts of what is not loaded. Purging follows TensorBoard's EventAccumulator
// (purge_orphaned_data=True, reference/tensorboard.md §2.4): with file_version >= 2, every SessionLog.START after
// the first drops the points of all tags whose step is >= its step; without a file version, a summary whose step
// is below the previous summary's drops its own tags' points at steps >= its step.
//
// Files are read with plain reads into a reused buffer, never mapped: a mapped file that shrinks (a writer
// restarting, a sync tool replacing it) raises SIGBUS on the next access, while a read just comes back short.
//
// A run being written is followed by resume(): only the bytes appended since the last read are read, continuing
// the same event sequence a full read would see, so the result matches a fresh read (reference/tensorboard.md
// §2.3.1, §2.3.7).
class TensorBoardRunReader final {
public:
    enum class Decoder { Fast, Protobuf };

    struct TagData {
        MetricSeries series; // scalar points read and kept, after purging, in read order
        // Points of earlier passes that foldSeries() turned into a summary and let go (count <= 0: none). An index
        // keeps this instead of the histories between passes; summary() merges both.
        MetricSummary earlier;
        std::string pluginName; // from the first metadata seen for the tag in this run
        // What pluginName means, decided once when it is set rather than by string comparisons on every point.
        bool textPlugin = false;
        bool nonScalarPlugin = false;
        std::optional<QString> text; // latest text value, for text summaries
        qint64 histograms = 0;
        qint64 images = 0;
        qint64 audio = 0;
        qint64 otherTensors = 0;
    };
    struct FileState {
        QString path;
        qint64 size = 0; // when last read
        qint64 resumeOffset = 0; // end of the last complete record (or where a scan for a header goes on)
        qint64 modifiedMs = 0;
        QByteArray head; // the first bytes when first read: different bytes there mean the file was replaced
        bool lostFraming = false; // damage before resumeOffset: the next read goes on scanning for a header
    };
    struct PurgeState {
        int fileVersion = 0;
        bool seenSessionStart = false;
        std::int64_t mostRecentStep = -1;
    };
    struct RunData {
        std::map<std::string, TagData, std::less<>> tags; // std::less<>: looked up by string_view
        std::optional<qint64> firstWallMs;
        std::optional<qint64> lastWallMs;
        QMap<QString, QString> hparams;
        std::optional<int> sessionEndStatus;
        qint64 events = 0;
        qint64 bytes = 0; // size of the run's files
        qint64 bytesRead = 0; // read from disk by the last read() or resume()
        std::vector<FileState> files;
        PurgeState purge;
        // Damaged records met in the bytes read so far (file and byte offset). A resumed read does not meet them
        // again, so they are kept here to be reported as a fresh read would.
        QList<ReadWarning> recordWarnings;
        bool purgedEarlierPoints = false; // a purge reached points folded away: only a full read is right
    };

    explicit TensorBoardRunReader(Decoder decoder = Decoder::Fast)
        : m_decoder(decoder)
    {
    }
    // Reads `files` (absolute paths, already in file-name order). With a non-empty `onlyTag`, scalar points of other
    // tags are not stored (their purges still apply), which is what Source::series() needs. `warnings` gets the
    // problems with whole files (empty, unreadable, shrinking); damaged records go to RunData::recordWarnings.
    RunData read(const QStringList& files, QList<ReadWarning>& warnings, const CancelToken* cancel = nullptr,
        std::string_view onlyTag = {}) const;
    // Continues `data` (from read() or resume() of the same run) with what was appended since: bytes added
    // to the last file read and files added after it. False, with `data` unusable, when the files changed in any
    // other way (a file shrank, was replaced, removed or grew while not the last, a new file sorts before the last,
    // a purge reaches folded points): then only a full read() is right.
    // With a non-empty `onlyTag`, `data` must come from a read() or resume() with the same tag.
    bool resume(RunData& data, const QStringList& files, QList<ReadWarning>& warnings,
        const CancelToken* cancel = nullptr, std::string_view onlyTag = {}) const;
    // Reads one event file held in memory into `data`; `state` carries purge state across the files of a run.
    void readBytes(std::string_view bytes, const QString& fileName, RunData& data, PurgeState& state,
        QList<ReadWarning>& warnings, std::string_view onlyTag, FileState* file) const;

    // Turns the kept histories into TagData::earlier summaries and frees them: what an index keeps between passes.
    static void foldSeries(RunData& data);
    // The tag's points of all passes: count, min/max (NaN ignored), latest = greatest step, last read on ties.
    static MetricSummary summary(const TagData& tag);

    static std::int64_t wallTimeMs(double seconds);

private:
    // Walks the records of `bytes` (file offset `base`); returns the offset where the next read must start and, in
    // `pendingRecordSize`, the size of the incomplete record there (0 if unknown).
    std::int64_t readRecords(std::string_view bytes, std::int64_t base, const QString& fileName, RunData& data,
        PurgeState& state, QList<ReadWarning>& warnings, std::string_view onlyTag, bool& lostFraming,
        std::uint64_t& pendingRecordSize) const;
    // Reads `file` from its resumeOffset to its current end, piecewise, and updates it.
    void readFile(FileState& file, RunData& data, QList<ReadWarning>& warnings, std::string_view onlyTag,
        const CancelToken* cancel) const;

    Decoder m_decoder;
};
