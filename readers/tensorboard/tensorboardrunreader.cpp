#include "tensorboardrunreader.h"

#include "canceltoken.h"
#include "eventprotodecoder.h"
#include "eventwiredecoder.h"
#include "hparamsdecoder.h"
#include "tfrecordreader.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <utility>

namespace {

// Purges keep points whose step is below `step`; MetricSeries is columnar, so filter the three columns together.
void keepStepsBelow(MetricSeries& s, std::int64_t step)
{
    // The kept steps are appended to a new column (a StepColumn has no writable elements), so that what is left
    // after a restart's purge is affine again when it is a progression.
    StepColumn kept;
    std::size_t out = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s.steps[i] < step) {
            kept.push_back(s.steps[i]);
            s.timestampsMs[out] = s.timestampsMs[i];
            s.values[out] = s.values[i];
            ++out;
        }
    }
    s.steps = std::move(kept);
    s.timestampsMs.resize(out);
    s.values.resize(out);
}

// A purge that reaches points already folded into a summary cannot be applied to them: the caller reads again.
void purge(TensorBoardRunReader::RunData& data, TensorBoardRunReader::TagData& tag, std::int64_t step)
{
    if (tag.earlier.count > 0 && tag.earlier.latestStep >= step)
        data.purgedEarlierPoints = true;
    keepStepsBelow(tag.series, step);
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

// The tags met in one walk, found by a hash of their bytes: a scalar file cycles through a handful of tags, so
// a last-tag shortcut misses on almost every value, and walking the std::map costs several string comparisons
// per point. A tag is summarised by two words that, up to 16 bytes, cover all of it (first and last 8, 4, or the
// first, middle and last byte), so a short tag is found and compared without a loop. A slot is overwritten on a
// collision, which only sends that lookup to the map. Keys point into the map's nodes, which stay put (tags are
// never erased while a run is read).
class TagCache {
public:
    TensorBoardRunReader::TagData* find(std::string_view tag) const
    {
        const Words w = wordsOf(tag);
        const Slot& s = m_slots[slotOf(w, tag.size())];
        if (!s.tag || s.key.size() != tag.size() || s.words.a != w.a || s.words.b != w.b)
            return nullptr;
        if (tag.size() > 16 && std::memcmp(s.key.data(), tag.data(), tag.size()) != 0)
            return nullptr;
        return s.tag;
    }
    void insert(std::string_view key, TensorBoardRunReader::TagData* tag)
    {
        const Words w = wordsOf(key);
        m_slots[slotOf(w, key.size())] = { key, w, tag };
    }

private:
    struct Words {
        std::uint64_t a = 0;
        std::uint64_t b = 0;
    };
    struct Slot {
        std::string_view key;
        Words words;
        TensorBoardRunReader::TagData* tag = nullptr;
    };
    static Words wordsOf(std::string_view t)
    {
        Words w;
        const std::size_t n = t.size();
        const char* p = t.data();
        if (n >= 8) {
            std::memcpy(&w.a, p, 8);
            std::memcpy(&w.b, p + n - 8, 8);
        } else if (n >= 4) {
            std::uint32_t a;
            std::uint32_t b;
            std::memcpy(&a, p, 4);
            std::memcpy(&b, p + n - 4, 4);
            w.a = a;
            w.b = b;
        } else if (n > 0) {
            w.a = static_cast<unsigned char>(p[0]) | (std::uint64_t(static_cast<unsigned char>(p[n / 2])) << 8)
                | (std::uint64_t(static_cast<unsigned char>(p[n - 1])) << 16);
        }
        return w;
    }
    static std::size_t slotOf(const Words& w, std::size_t n)
    {
        const std::uint64_t h = (w.a * 0x9E3779B97F4A7C15ull) ^ (w.b * 0xC2B2AE3D27D4EB4Full) ^ n;
        return static_cast<std::size_t>((h ^ (h >> 29)) >> 58); // 64 slots
    }
    std::array<Slot, 64> m_slots {};
};

constexpr qsizetype kMaxTextLength = 5000; // longer text is an article, not a tag

// Large enough that a read() call costs nothing per byte, small enough to stay in cache while it is decoded.
constexpr qint64 kChunkSize = qint64(1) << 18;
// The first record (wall time to the microsecond and the file version) and a few more: enough to tell a file from
// its replacement.
constexpr qint64 kHeadSize = 256;

MetricSummary summarizeSeries(const MetricSeries& s)
{
    MetricSummary m;
    m.count = static_cast<qint64>(s.size());
    if (s.empty())
        return m;
    std::size_t latest = 0;
    bool anyNumber = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s.steps[i] >= s.steps[latest])
            latest = i;
        const double v = s.values[i];
        if (std::isnan(v))
            continue;
        if (!anyNumber || v < m.min)
            m.min = v;
        if (!anyNumber || v > m.max)
            m.max = v;
        anyNumber = true;
    }
    m.latest = s.values[latest];
    m.latestStep = s.steps[latest];
    m.latestTimestampMs = s.timestampsMs[latest];
    return m;
}

// Reads up to `want` bytes at `offset`; fewer only at the end of the file (which may have moved since its size
// was taken).
qint64 readAt(QFile& f, qint64 offset, char* out, qint64 want)
{
    if (!f.seek(offset))
        return 0;
    qint64 total = 0;
    while (total < want) {
        const qint64 n = f.read(out + total, want - total);
        if (n <= 0)
            break;
        total += n;
    }
    return total;
}

// After the first chunk of a long file, each tag's points so far, scaled by the file's size, predict its total:
// reserving that once replaces a dozen doublings (each a copy into freshly faulted pages) by one allocation. The
// small margin keeps a slightly denser tail from costing a last doubling; read() trims the excess.
void reserveForFile(TensorBoardRunReader::RunData& data, double scale)
{
    for (auto& [name, tag] : data.tags) {
        const std::size_t n = tag.series.size();
        if (n < 16)
            continue;
        const auto expected = static_cast<std::size_t>(static_cast<double>(n) * scale * 1.02) + 64;
        tag.series.reserve(expected);
    }
}

ReadWarning emptyFileWarning(const QString& path) { return ReadWarning::at(path, QStringLiteral("empty event file")); }

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
    bool lostFraming = false;
    std::uint64_t pending = 0;
    // Walked in two parts, as readFile() does, so the first chunk's points size the series before the rest.
    const bool firstOfRun = data.tags.empty();
    const std::size_t head = std::min(bytes.size(), static_cast<std::size_t>(kChunkSize));
    std::int64_t resume
        = readRecords(bytes.substr(0, head), 0, fileName, data, state, warnings, onlyTag, lostFraming, pending);
    if (head < bytes.size()) {
        if (firstOfRun)
            reserveForFile(data, static_cast<double>(bytes.size()) / static_cast<double>(head));
        const auto from = static_cast<std::size_t>(resume);
        resume
            = readRecords(bytes.substr(from), resume, fileName, data, state, warnings, onlyTag, lostFraming, pending);
    }
    if (file) {
        file->resumeOffset = resume;
        file->lostFraming = lostFraming;
    }
}

std::int64_t TensorBoardRunReader::readRecords(std::string_view bytes, std::int64_t base, const QString& fileName,
    RunData& data, PurgeState& state, QList<ReadWarning>& warnings, std::string_view onlyTag, bool& lostFraming,
    std::uint64_t& pendingRecordSize) const
{
    TfRecordReader records(bytes, fileName, &warnings, base, lostFraming);
    TfRecordReader::Record record;
    DecodedEvent event;
    EventProtoDecoder* proto = nullptr;
    std::unique_ptr<EventProtoDecoder> protoOwner;
    if (m_decoder == Decoder::Protobuf) {
        protoOwner = std::make_unique<EventProtoDecoder>();
        proto = protoOwner.get();
    }
    TagCache tags;

    while (!data.purgedEarlierPoints && records.next(record)) {
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
                        purge(data, tagData, event.step);
                }
                state.seenSessionStart = true;
            }
        } else if (event.what == DecodedEvent::What::Summary && event.step < state.mostRecentStep) {
            for (const DecodedValue& v : event.values) {
                const auto it = data.tags.find(v.tag);
                if (it != data.tags.end())
                    purge(data, it->second, event.step);
            }
        }
        if (event.what != DecodedEvent::What::Summary)
            continue;
        state.mostRecentStep = event.step;

        for (const DecodedValue& v : event.values) {
            TagData* tag = tags.find(v.tag);
            if (!tag) {
                auto it = data.tags.find(v.tag);
                if (it == data.tags.end()) {
                    if (v.kind == DecodedValue::Kind::Scalar && !onlyTag.empty() && v.tag != onlyTag && !v.hasMetadata)
                        continue; // another tag's point, and nothing to remember about it
                    it = data.tags.emplace(std::string(v.tag), TagData {}).first;
                    it->second.series.key = QString::fromUtf8(v.tag.data(), static_cast<qsizetype>(v.tag.size()));
                }
                tag = &it->second;
                tags.insert(it->first, tag);
            }
            if (v.hasMetadata && tag->pluginName.empty() && !v.pluginName.empty()) {
                tag->pluginName = std::string(v.pluginName);
                tag->textPlugin = isTextPlugin(tag->pluginName);
                tag->nonScalarPlugin = isNonScalarPlugin(tag->pluginName);
            }
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
                if (tag->nonScalarPlugin)
                    ++tag->otherTensors;
                else if (onlyTag.empty() || v.tag == onlyTag)
                    tag->series.append(event.step, wallMs, v.scalar);
                break;
            case DecodedValue::Kind::Text:
                if (tag->textPlugin && v.text.size() <= static_cast<std::size_t>(kMaxTextLength))
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
    lostFraming = records.lostFraming();
    pendingRecordSize = records.pendingRecordSize();
    return records.resumeOffset();
}

void TensorBoardRunReader::readFile(FileState& file, RunData& data, QList<ReadWarning>& warnings,
    std::string_view onlyTag, const CancelToken* cancel) const
{
    QFile f(file.path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        warnings.append(ReadWarning::at(file.path, QStringLiteral("cannot open: ") + f.errorString()));
        return;
    }
    file.modifiedMs = f.fileTime(QFileDevice::FileModificationTime).toMSecsSinceEpoch();
    const qint64 size = f.size();
    file.size = size;
    if (size == 0) {
        warnings.append(emptyFileWarning(file.path));
        return;
    }
    qint64 offset = file.resumeOffset;
    bool lostFraming = file.lostFraming;
    std::unique_ptr<char[]> buffer;
    qint64 capacity = 0;
    qint64 needed = kChunkSize;
    while (offset < size) {
        if (cancel && cancel->isCancelled())
            break;
        const qint64 want = std::min(std::max(kChunkSize, needed), size - offset);
        if (want > capacity) {
            buffer = std::make_unique_for_overwrite<char[]>(static_cast<std::size_t>(want));
            capacity = want;
        }
        const qint64 got = readAt(f, offset, buffer.get(), want);
        data.bytesRead += got;
        const bool firstChunkOfRun = offset == 0 && data.tags.empty();
        if (offset == 0)
            file.head = QByteArray(buffer.get(), std::min(got, kHeadSize));
        std::uint64_t pending = 0;
        const qint64 next = readRecords(std::string_view(buffer.get(), static_cast<std::size_t>(got)), offset,
            file.path, data, data.purge, data.recordWarnings, onlyTag, lostFraming, pending);
        if (firstChunkOfRun && got < size)
            reserveForFile(data, static_cast<double>(size) / static_cast<double>(std::max<qint64>(1, got)));
        if (got < want) {
            // Truncated or replaced by a shorter file since its size was taken: what was read is kept; the rest
            // is gone, and a later read notices the shorter file and starts again.
            warnings.append(ReadWarning::atOffset(file.path, offset + got,
                QStringLiteral("the file shrank while being read (truncated or replaced); read up to here")));
            file.size = offset + got;
            offset = next;
            break;
        }
        const bool atEnd = offset + got == size;
        if (next > offset) {
            offset = next;
            if (atEnd)
                break; // what follows is a record still being written
            continue;
        }
        // Not one complete record in the buffer: the end of what is written yet, or a record larger than the buffer,
        // which is then read whole (its length was checked against the file size and kMaxPlausibleLength).
        if (atEnd || pending <= static_cast<std::uint64_t>(got))
            break;
        needed = static_cast<qint64>(pending);
    }
    file.resumeOffset = offset;
    file.lostFraming = lostFraming;
}

TensorBoardRunReader::RunData TensorBoardRunReader::read(
    const QStringList& files, QList<ReadWarning>& warnings, const CancelToken* cancel, std::string_view onlyTag) const
{
    RunData data;
    for (const QString& path : files) {
        if (cancel && cancel->isCancelled())
            break;
        FileState file;
        file.path = path;
        readFile(file, data, warnings, onlyTag, cancel);
        data.bytes += file.size;
        data.files.push_back(std::move(file));
    }
    // Vectors grow by doubling; trimming keeps a stored point at 16 bytes (wall time, value; steps are affine
    // unless a restart re-logged some).
    for (auto& [name, tag] : data.tags) {
        tag.series.steps.shrink_to_fit();
        tag.series.timestampsMs.shrink_to_fit();
        tag.series.values.shrink_to_fit();
    }
    return data;
}

bool TensorBoardRunReader::resume(RunData& data, const QStringList& files, QList<ReadWarning>& warnings,
    const CancelToken* cancel, std::string_view onlyTag) const
{
    const qsizetype known = static_cast<qsizetype>(data.files.size());
    if (known == 0 || files.size() < known || data.purgedEarlierPoints)
        return false;
    // Events must come in the order a full read meets them: every file but the last read one unchanged, that one
    // only appended to, new files sorting after it.
    QList<ReadWarning> fileWarnings;
    data.bytesRead = 0;
    for (qsizetype i = 0; i < known; ++i) {
        FileState& file = data.files[static_cast<std::size_t>(i)];
        if (files.at(i) != file.path)
            return false;
        const QFileInfo info(file.path);
        if (!info.exists())
            return false;
        const qint64 size = info.size();
        const bool unchanged = size == file.size && info.lastModified().toMSecsSinceEpoch() == file.modifiedMs;
        if (size < file.size || size < file.resumeOffset) {
            warnings.append(ReadWarning::at(file.path,
                QStringLiteral("the file shrank since it was last read (truncated or replaced); read again from the "
                               "start")));
            return false;
        }
        if (i + 1 < known) {
            if (!unchanged)
                return false;
            if (size == 0)
                fileWarnings.append(emptyFileWarning(file.path));
            continue;
        }
        if (!unchanged && !file.head.isEmpty()) {
            QFile f(file.path);
            if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
                return false;
            QByteArray head(file.head.size(), Qt::Uninitialized);
            const qint64 got = readAt(f, 0, head.data(), head.size());
            data.bytesRead += got;
            if (got != head.size() || head != file.head)
                return false; // replaced by another file
        }
    }
    for (qsizetype i = known - 1; i < files.size(); ++i) {
        if (cancel && cancel->isCancelled())
            return false;
        if (i >= known) {
            FileState added;
            added.path = files.at(i);
            data.files.push_back(std::move(added));
        }
        readFile(data.files[static_cast<std::size_t>(i)], data, fileWarnings, onlyTag, cancel);
        if (data.purgedEarlierPoints)
            return false;
    }
    data.bytes = 0;
    for (const FileState& file : data.files)
        data.bytes += file.size;
    warnings.append(fileWarnings);
    return true;
}

void TensorBoardRunReader::foldSeries(RunData& data)
{
    for (auto& [name, tag] : data.tags) {
        tag.earlier = summary(tag);
        MetricSeries none;
        none.key = tag.series.key;
        tag.series = std::move(none);
    }
}

MetricSummary TensorBoardRunReader::summary(const TagData& tag)
{
    const MetricSummary now = summarizeSeries(tag.series);
    const MetricSummary& before = tag.earlier;
    if (before.count <= 0)
        return now;
    if (now.count == 0)
        return before;
    // The greatest step wins and later reads win ties, so the new points' latest wins unless its step is smaller.
    MetricSummary m = now.latestStep >= before.latestStep ? now : before;
    m.count = before.count + now.count;
    m.min = std::isnan(before.min) ? now.min : std::isnan(now.min) ? before.min : std::min(before.min, now.min);
    m.max = std::isnan(before.max) ? now.max : std::isnan(now.max) ? before.max : std::max(before.max, now.max);
    return m;
}
