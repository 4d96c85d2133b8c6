#pragma once

#include "canceltoken.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>
#include <type_traits>

struct sqlite3_stmt;
class SqliteDatabase;

// A prepared statement on a SqliteDatabase, finalized on destruction. Columns and parameters are 0- and 1-based
// as in the C API. Text columns are UTF-8; bytes() gives them without a copy, valid until the next step().
class SqliteStatement final {
public:
    enum class Step { Row, Done, Error };
    // Row loops check their cancel token this often: cheap, and well under a tenth of a second apart.
    static constexpr qint64 kCancelCheckRows = 4096;

    // On failure isValid() is false and the error is recorded on the database (errorCode()/errorMessage()).
    SqliteStatement(SqliteDatabase& db, const QByteArray& sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    bool isValid() const { return m_stmt != nullptr; }

    bool bind(int index, const QString& text);
    bool bind(int index, qint64 value);
    Step step();
    // Calls onRow(const SqliteStatement&) for every remaining row, checking `cancel` every kCancelCheckRows rows;
    // onRow may return false to stop. False on an error (recorded on the database), when cancelled or stopped.
    template <typename OnRow> bool forEachRow(const CancelToken& cancel, OnRow&& onRow)
    {
        for (qint64 n = 1;; ++n) {
            const Step s = step();
            if (s != Step::Row)
                return s == Step::Done;
            if constexpr (std::is_void_v<std::invoke_result_t<OnRow&, const SqliteStatement&>>)
                onRow(*this);
            else if (!onRow(*this))
                return false;
            if (n % kCancelCheckRows == 0 && cancel.isCancelled())
                return false;
        }
    }

    bool isNull(int column) const;
    bool isNumeric(int column) const; // INTEGER or REAL storage, what MLflow's numeric columns hold
    qint64 int64(int column) const;
    std::optional<qint64> optionalInt64(int column) const; // nullopt for NULL
    double real(int column) const;
    QByteArrayView bytes(int column) const;
    QString text(int column) const { return QString::fromUtf8(bytes(column)); }

private:
    bool check(int rc);

    SqliteDatabase& m_db;
    sqlite3_stmt* m_stmt = nullptr;
};
