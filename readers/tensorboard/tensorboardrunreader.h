#pragma once

#include "metricseries.h"
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
class TensorBoardRunReader final {
public:
    enum class Decoder { Fast, Protobuf };

    struct TagData {
        MetricSeries series; // scalar points after purging, in read order
        std::string pluginName; // from the first metadata seen for the tag in this run
        std::optional<QString> text; // latest text value, for text summaries
        qint64 histograms = 0;
        qint64 images = 0;
        qint64 audio = 0;
        qint64 otherTensors = 0;
    };
    struct FileState {
        QString path;
        qint64 size = 0;
        qint64 resumeOffset = 0; // end of the last complete record
        qint64 modifiedMs = 0;
    };
    struct RunData {
        std::map<std::string, TagData, std::less<>> tags; // std::less<>: looked up by string_view
        std::optional<qint64> firstWallMs;
        std::optional<qint64> lastWallMs;
        QMap<QString, QString> hparams;
        std::optional<int> sessionEndStatus;
        qint64 events = 0;
        qint64 bytes = 0;
        std::vector<FileState> files;
    };

    explicit TensorBoardRunReader(Decoder decoder = Decoder::Fast)
        : m_decoder(decoder)
    {
    }
    // Reads `files` (absolute paths, already in file-name order). With a non-empty `onlyTag`, scalar points of other
    // tags are not stored (their purges still apply), which is what Source::series() needs.
    RunData read(const QStringList& files, QList<ReadWarning>& warnings, const CancelToken* cancel = nullptr,
        std::string_view onlyTag = {}) const;
    // Reads one event file held in memory into `data`; `state` carries purge state across the files of a run.
    struct PurgeState {
        int fileVersion = 0;
        bool seenSessionStart = false;
        std::int64_t mostRecentStep = -1;
    };
    void readBytes(std::string_view bytes, const QString& fileName, RunData& data, PurgeState& state,
        QList<ReadWarning>& warnings, std::string_view onlyTag, FileState* file) const;

    static std::int64_t wallTimeMs(double seconds);

private:
    Decoder m_decoder;
};
