#include "tensorboardrunreader.h"

#include "canceltoken.h"
#include "eventprotodecoder.h"
#include "eventwiredecoder.h"
#include "hparamsdecoder.h"
#include "tfrecordreader.h"

#include <QFile>
#include <QFileInfo>

#include <cmath>

namespace {

// Purges keep points whose step is below `step`; MetricSeries is columnar, so filter the three columns together.
void keepStepsBelow(MetricSeries& s, std::int64_t step)
{
    std::size_t out = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s.steps[i] < step) {
            s.steps[out] = s.steps[i];
            s.timestampsMs[out] = s.timestampsMs[i];
            s.values[out] = s.values[i];
            ++out;
        }
    }
    s.steps.resize(out);
    s.timestampsMs.resize(out);
    s.values.resize(out);
}

int parseFileVersion(std::string_view version)
{
    // "brain.Event:2" → 2
    const std::size_t colon = version.rfind(':');
    if (colon == std::string_view::npos)
        return 0;
    int v = 0;
    for (char c : version.substr(colon + 1)) {
        if (c < '0' || c > '9')
            return 0;
        v = v * 10 + (c - '0');
        if (v > 1000)
            return 0;
    }
    return v;
}

bool isTextPlugin(const std::string& pluginName) { return pluginName == "text"; }

// Plugins whose one-element numeric tensors are not scalars (a one-bucket histogram, a PR-curve point, …).
bool isNonScalarPlugin(const std::string& pluginName)
{
    return pluginName == "histograms" || pluginName == "images" || pluginName == "audio" || pluginName == "pr_curves"
        || pluginName == "hparams" || pluginName == "mesh" || pluginName == "custom_scalars";
}

constexpr qsizetype kMaxTextLength = 5000; // longer text is an article, not a tag

} // namespace

std::int64_t TensorBoardRunReader::wallTimeMs(double seconds)
{
    // Rounded to the nearest millisecond; outside ±2^53 ms the value is not a time any writer produces.
    const double ms = seconds * 1000.0;
    if (!(std::fabs(ms) < 9.0e15))
        return 0;
    // Half away from zero like llround, without the libm call that showed up in the per-event profile.
    return static_cast<std::int64_t>(ms >= 0 ? ms + 0.5 : ms - 0.5);
}

void TensorBoardRunReader::readBytes(std::string_view bytes, const QString& fileName, RunData& data, PurgeState& state,
    QList<ReadWarning>& warnings, std::string_view onlyTag, FileState* file) const
{
    TfRecordReader records(bytes, fileName, &warnings);
    TfRecordReader::Record record;
    DecodedEvent event;
    EventProtoDecoder* proto = nullptr;
    std::unique_ptr<EventProtoDecoder> protoOwner;
    if (m_decoder == Decoder::Protobuf) {
        protoOwner = std::make_unique<EventProtoDecoder>();
        proto = protoOwner.get();
    }
    // The last tag looked up: consecutive values often share it, and the map lookup is the costliest step left.
    std::string_view lastTag;
    TagData* lastTagData = nullptr;

    while (records.next(record)) {
        const bool ok = proto ? proto->decode(record.payload, event) : EventWireDecoder::decode(record.payload, event);
        if (!ok) {
            warnings.append(
                ReadWarning::atOffset(fileName, record.offset, QStringLiteral("record is not an Event; skipped")));
            continue;
        }
        if (std::isnan(event.wallTime)) {
            warnings.append(
                ReadWarning::atOffset(fileName, record.offset, QStringLiteral("event with a NaN wall time; skipped")));
            continue;
        }
        ++data.events;
        const std::int64_t wallMs = wallTimeMs(event.wallTime);
        if (!data.firstWallMs || wallMs < *data.firstWallMs)
            data.firstWallMs = wallMs;
        if (!data.lastWallMs || wallMs > *data.lastWallMs)
            data.lastWallMs = wallMs;

        if (event.what == DecodedEvent::What::FileVersion)
            state.fileVersion = parseFileVersion(event.fileVersion);

        // Purging, before the event's own values are added (as EventAccumulator._MaybePurgeOrphanedData).
        if (state.fileVersion >= 2) {
            if (event.what == DecodedEvent::What::SessionLog && event.sessionStatus == 1) {
                if (state.seenSessionStart) {
                    for (auto& [tag, tagData] : data.tags)
                        keepStepsBelow(tagData.series, event.step);
                }
                state.seenSessionStart = true;
            }
        } else if (event.what == DecodedEvent::What::Summary && event.step < state.mostRecentStep) {
            for (const DecodedValue& v : event.values) {
                const auto it = data.tags.find(v.tag);
                if (it != data.tags.end())
                    keepStepsBelow(it->second.series, event.step);
            }
        }
        if (event.what != DecodedEvent::What::Summary)
            continue;
        state.mostRecentStep = event.step;

        for (const DecodedValue& v : event.values) {
            TagData* tag = nullptr;
            if (lastTagData && v.tag == lastTag) {
                tag = lastTagData;
            } else {
                auto it = data.tags.find(v.tag);
                if (it == data.tags.end()) {
                    if (v.kind == DecodedValue::Kind::Scalar && !onlyTag.empty() && v.tag != onlyTag && !v.hasMetadata)
                        continue; // another tag's point, and nothing to remember about it
                    it = data.tags.emplace(std::string(v.tag), TagData {}).first;
                    it->second.series.key = QString::fromUtf8(v.tag.data(), static_cast<qsizetype>(v.tag.size()));
                }
                tag = &it->second;
                lastTag = it->first;
                lastTagData = tag;
            }
            if (v.hasMetadata && tag->pluginName.empty() && !v.pluginName.empty())
                tag->pluginName = std::string(v.pluginName);
            if (v.hasMetadata && v.pluginName == "hparams") {
                const HParamsDecoder::Decoded hp = HParamsDecoder::decode(v.pluginContent);
                if (!hp.valid)
                    warnings.append(ReadWarning::atOffset(fileName, record.offset,
                        QStringLiteral("unreadable hparams metadata for tag ")
                            + QString::fromUtf8(v.tag.data(), static_cast<qsizetype>(v.tag.size()))));
                for (auto it = hp.hparams.cbegin(); it != hp.hparams.cend(); ++it)
                    data.hparams.insert(it.key(), it.value());
                if (hp.endStatus)
                    data.sessionEndStatus = hp.endStatus;
                continue;
            }
            switch (v.kind) {
            case DecodedValue::Kind::Scalar:
                if (isNonScalarPlugin(tag->pluginName))
                    ++tag->otherTensors;
                else if (onlyTag.empty() || v.tag == onlyTag)
                    tag->series.append(event.step, wallMs, v.scalar);
                break;
            case DecodedValue::Kind::Text:
                if (isTextPlugin(tag->pluginName) && v.text.size() <= static_cast<std::size_t>(kMaxTextLength))
                    tag->text = QString::fromUtf8(v.text.data(), static_cast<qsizetype>(v.text.size()));
                else
                    ++tag->otherTensors;
                break;
            case DecodedValue::Kind::Histogram:
                ++tag->histograms;
                break;
            case DecodedValue::Kind::Image:
                ++tag->images;
                break;
            case DecodedValue::Kind::Audio:
                ++tag->audio;
                break;
            case DecodedValue::Kind::Tensor:
                if (tag->pluginName == "histograms")
                    ++tag->histograms;
                else if (tag->pluginName == "images")
                    ++tag->images;
                else if (tag->pluginName == "audio")
                    ++tag->audio;
                else
                    ++tag->otherTensors;
                break;
            case DecodedValue::Kind::Empty:
                break;
            }
        }
    }
    if (file)
        file->resumeOffset = records.resumeOffset();
}

TensorBoardRunReader::RunData TensorBoardRunReader::read(
    const QStringList& files, QList<ReadWarning>& warnings, const CancelToken* cancel, std::string_view onlyTag) const
{
    RunData data;
    PurgeState state;
    for (const QString& path : files) {
        if (cancel && cancel->isCancelled())
            break;
        FileState fileState;
        fileState.path = path;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            warnings.append(ReadWarning::at(path, QStringLiteral("cannot open: ") + f.errorString()));
            continue;
        }
        const QFileInfo info(f);
        fileState.modifiedMs = info.lastModified().toMSecsSinceEpoch();
        const qint64 size = f.size();
        fileState.size = size;
        data.bytes += size;
        if (size == 0) {
            warnings.append(ReadWarning::at(path, QStringLiteral("empty event file")));
            data.files.push_back(fileState);
            continue;
        }
        // A read-only mapping: no copy of the file, and the page cache serves it. Fall back to reading when the
        // file system cannot map (some FUSE and network mounts).
        const uchar* mapped = f.map(0, size);
        QByteArray buffer;
        std::string_view bytes;
        if (mapped) {
            bytes = std::string_view(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(size));
        } else {
            buffer = f.readAll();
            bytes = std::string_view(buffer.constData(), static_cast<std::size_t>(buffer.size()));
        }
        readBytes(bytes, path, data, state, warnings, onlyTag, &fileState);
        if (mapped)
            f.unmap(const_cast<uchar*>(mapped));
        data.files.push_back(fileState);
    }
    // Vectors grow by doubling; trimming keeps a stored point at 24 bytes (step, wall time, value).
    for (auto& [name, tag] : data.tags) {
        tag.series.steps.shrink_to_fit();
        tag.series.timestampsMs.shrink_to_fit();
        tag.series.values.shrink_to_fit();
    }
    return data;
}
