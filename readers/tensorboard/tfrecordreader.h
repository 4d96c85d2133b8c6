#pragma once

#include "readresult.h"

#include <QString>

#include <cstdint>
#include <string_view>

// Walks the TFRecord frames of one event file held in memory (reference/tensorboard.md §1, §2.3), checking the
// masked CRC32C of every length and every payload. Damage never stops the walk: a record with a bad payload CRC
// is skipped (its length is trustworthy), and after a bad length CRC the reader scans forward byte by byte for the
// next 12 bytes that form a valid header. A record cut off by the end of the bytes is where a writer is still
// writing: the walk ends there silently and resumeOffset() says where the next read should start.
//
// The bytes may be one chunk of a file read piecewise, or the new tail of a file read before: a walk that ends
// while scanning for a header (lostFraming()) hands the scan on to the next chunk, which is constructed with
// `resyncing` so it goes on scanning without a second warning for the same damage.
class TfRecordReader final {
public:
    struct Record {
        std::int64_t offset = 0; // of the record's header in the file
        std::string_view payload;
    };

    // `bytes` starts at file offset `baseOffset`; warnings name `fileName` and absolute byte offsets.
    TfRecordReader(std::string_view bytes, QString fileName, QList<ReadWarning>* warnings, std::int64_t baseOffset = 0,
        bool resyncing = false);

    bool next(Record& record); // false at the end of the complete records
    std::int64_t resumeOffset() const { return m_base + static_cast<std::int64_t>(m_resume); }
    bool endsMidRecord() const { return !m_lostFraming && m_resume < m_bytes.size(); }
    // The walk ended looking for a valid header after damage; resumeOffset() is where that scan goes on.
    bool lostFraming() const { return m_lostFraming; }
    // Header + payload + footer of the record at resumeOffset() when its header is complete and valid, else 0:
    // how many bytes a piecewise reader must hold at once to get past it.
    std::uint64_t pendingRecordSize() const { return m_pending; }
    int skippedRecords() const { return m_skipped; }
    int validRecords() const { return m_valid; }

    // A length this large cannot be an event written by any summary writer; it means damage, not a long write.
    static constexpr std::uint64_t kMaxPlausibleLength = std::uint64_t(1) << 31;
    static constexpr std::size_t kHeaderSize = 12;
    static constexpr std::size_t kFooterSize = 4;
    // Up to this payload length both CRCs of a record are taken in one call before the header is trusted.
    static constexpr std::uint64_t kCombinedCrcLength = 4096;

private:
    bool headerValidAt(std::size_t pos, std::uint64_t* length) const;
    bool resyncFrom(std::size_t pos); // moves m_pos to the next valid header after pos; false if none
    void warn(std::size_t pos, const QString& message);

    std::string_view m_bytes;
    QString m_file;
    QList<ReadWarning>* m_warnings;
    std::int64_t m_base;
    std::size_t m_pos = 0;
    std::size_t m_resume = 0; // first byte not consumed by a complete (good or skipped) record
    std::uint64_t m_pending = 0;
    bool m_lostFraming = false;
    int m_skipped = 0;
    int m_valid = 0;
};
