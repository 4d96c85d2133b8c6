#pragma once

#include "canceltoken.h"
#include "sqlitestatement.h"

#include <QString>
#include <QStringList>

#include <utility>

struct sqlite3;

// One connection to an existing SQLite file, closed on destruction. Readers only ever open read-only: a missing
// path is an error (never an empty new database) and nothing, not even a journal, is written.
// A connection belongs to the thread that opened it (opened without SQLite's own mutex).
class SqliteDatabase final {
public:
    SqliteDatabase() = default;
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    // busyTimeoutMs bounds how long a statement waits for a writer's lock before failing with SQLITE_BUSY.
    bool openReadOnly(const QString& path, int busyTimeoutMs);
    void close();
    bool isOpen() const { return m_db != nullptr; }
    sqlite3* handle() const { return m_db; }

    // Runs statements that return no rows (BEGIN, COMMIT). False on failure, with errorCode()/errorMessage().
    bool exec(const char* sql);
    // Names of the tables in the schema; false on failure (e.g. not a database, or locked).
    bool tableNames(QStringList& names);
    // Column names of `table` from PRAGMA table_info; empty when the table does not exist.
    bool columnNames(const QString& table, QStringList& names);

    // Prepares `sql` and steps through its rows with SqliteStatement::forEachRow.
    template <typename OnRow> bool forEachRow(const CancelToken& cancel, const QByteArray& sql, OnRow&& onRow)
    {
        SqliteStatement statement(*this, sql);
        return statement.isValid() && statement.forEachRow(cancel, std::forward<OnRow>(onRow));
    }

    // Primary result code (SQLITE_BUSY, SQLITE_NOTADB, …) and SQLite's message for the last failure.
    int errorCode() const { return m_errorCode; }
    QString errorMessage() const { return m_errorMessage; }
    // The last failure as a person reads it, naming `path`: locked by a writer, not a database, cannot open, ….
    QString describeError(const QString& path) const;
    // Lets a statement that failed record its error here, so callers have one place to look.
    void setError(int code, const QString& message);

private:
    void captureError();

    sqlite3* m_db = nullptr;
    int m_busyTimeoutMs = 0;
    int m_errorCode = 0;
    QString m_errorMessage;
};
