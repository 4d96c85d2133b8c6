#include "tfrecordreader.h"

#include "crc32c.h"

#include <algorithm>
#include <cstring>

namespace {

std::uint64_t loadLe64(const char* p)
{
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}

std::uint32_t loadLe32(const char* p)
{
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}

} // namespace

TfRecordReader::TfRecordReader(
    std::string_view bytes, QString fileName, QList<ReadWarning>* warnings, std::int64_t baseOffset, bool resyncing)
    : m_bytes(bytes)
    , m_file(std::move(fileName))
    , m_warnings(warnings)
    , m_base(baseOffset)
    , m_lostFraming(resyncing)
{
}

void TfRecordReader::warn(std::size_t pos, const QString& message)
{
    if (m_warnings)
        m_warnings->append(ReadWarning::atOffset(m_file, m_base + static_cast<std::int64_t>(pos), message));
}

bool TfRecordReader::headerValidAt(std::size_t pos, std::uint64_t* length) const
{
    if (m_bytes.size() - pos < kHeaderSize)
        return false;
    const char* p = m_bytes.data() + pos;
    if (Crc32c::masked(p, 8) != loadLe32(p + 8))
        return false;
    *length = loadLe64(p);
    return *length <= kMaxPlausibleLength;
}

bool TfRecordReader::resyncFrom(std::size_t pos)
{
    std::uint64_t length = 0;
    for (std::size_t p = pos; p + kHeaderSize <= m_bytes.size(); ++p) {
        if (headerValidAt(p, &length)) {
            warn(p, QStringLiteral("resuming at the next valid record header"));
            m_pos = p;
            m_resume = p; // the damage before it is passed for good, even if this record is not complete yet
            m_lostFraming = false;
            return true;
        }
    }
    // No header starts before the last 11 bytes; one may start among them once more bytes follow (the next chunk,
    // or what a writer appends), so the scan goes on from there next time.
    m_resume = std::max(pos, m_bytes.size() >= kHeaderSize ? m_bytes.size() - (kHeaderSize - 1) : std::size_t(0));
    m_resume = std::min(m_resume, m_bytes.size());
    m_pos = m_resume;
    m_lostFraming = true;
    return false;
}

bool TfRecordReader::next(Record& record)
{
    m_pending = 0;
    if (m_lostFraming && !resyncFrom(m_pos))
        return false;
    while (m_pos < m_bytes.size()) {
        const std::size_t remaining = m_bytes.size() - m_pos;
        if (remaining < kHeaderSize)
            return false; // a header still being written
        const char* p = m_bytes.data() + m_pos;
        const std::uint64_t length = loadLe64(p);
        // Compared without forming length + 16 first, so no length can overflow the check.
        const bool complete = length <= remaining - kHeaderSize && remaining - kHeaderSize - length >= kFooterSize;
        // A short complete record (every scalar event) has both CRCs taken in one call; a long one, or one whose
        // length may be garbage, has its header checked first so a bad length never costs a pass over the data.
        std::uint32_t headerCrc;
        std::uint32_t dataCrc = 0;
        const bool both = complete && length <= kCombinedCrcLength;
        if (both)
            Crc32c::maskedRecord(p, p + kHeaderSize, static_cast<std::size_t>(length), &headerCrc, &dataCrc);
        else
            headerCrc = Crc32c::masked(p, 8);
        if (headerCrc != loadLe32(p + 8)) {
            warn(m_pos,
                m_base + static_cast<std::int64_t>(m_pos) == 0
                    ? QStringLiteral("not a TFRecord event file (bad length CRC at the start)")
                    : QStringLiteral("bad length CRC; record framing lost"));
            ++m_skipped;
            if (!resyncFrom(m_pos + 1))
                return false;
            continue;
        }
        if (length > kMaxPlausibleLength) {
            warn(m_pos, QStringLiteral("implausible record length %1").arg(length));
            ++m_skipped;
            if (!resyncFrom(m_pos + 1))
                return false;
            continue;
        }
        if (!complete) {
            m_pending = kHeaderSize + length + kFooterSize;
            return false; // the record is not complete yet: the writer may still be writing it
        }
        const std::size_t start = m_pos;
        const char* data = p + kHeaderSize;
        const std::size_t size = static_cast<std::size_t>(length);
        m_pos += kHeaderSize + size + kFooterSize;
        m_resume = m_pos;
        if (!both)
            dataCrc = Crc32c::masked(data, size);
        if (dataCrc != loadLe32(data + size)) {
            warn(start, QStringLiteral("bad data CRC; record skipped"));
            ++m_skipped;
            continue;
        }
        ++m_valid;
        record.offset = m_base + static_cast<std::int64_t>(start);
        record.payload = std::string_view(data, size);
        return true;
    }
    return false;
}
