#include "sqlitedatabase.h"

#include "sqlitestatement.h"

#include <sqlite3.h>

SqliteDatabase::~SqliteDatabase() { close(); }

bool SqliteDatabase::openReadOnly(const QString& path, int busyTimeoutMs)
{
    close();
    // READONLY without CREATE: a missing file fails with SQLITE_CANTOPEN instead of becoming an empty database.
    // No URI flag, so a path containing '?' or '#' is taken literally. NOMUTEX: one worker owns the connection.
    const QByteArray file = path.toUtf8();
    const int rc = sqlite3_open_v2(file.constData(), &m_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        m_errorCode = rc & 0xff;
        m_errorMessage = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString::fromUtf8(sqlite3_errstr(rc));
        close();
        return false;
    }
    sqlite3_extended_result_codes(m_db, 1);
    // A connection-level setting, not a PRAGMA stored in the file: MLflow writers hold the lock while they commit.
    sqlite3_busy_timeout(m_db, busyTimeoutMs);
    m_busyTimeoutMs = busyTimeoutMs;
    m_errorCode = SQLITE_OK;
    m_errorMessage.clear();
    return true;
}

void SqliteDatabase::close()
{
    if (m_db) {
        // Statements are finalized by their owners first; close_v2 tolerates stragglers rather than failing.
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

void SqliteDatabase::setError(int code, const QString& message)
{
    m_errorCode = code;
    m_errorMessage = message;
}

QString SqliteDatabase::describeError(const QString& path) const
{
    switch (m_errorCode) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return path + u": the database is locked by another connection (a writer held its lock for more than "
            + QString::number(m_busyTimeoutMs) + u" ms: " + m_errorMessage + u"); try again when it has finished";
    case SQLITE_NOTADB:
        return path + u": not a SQLite database (" + m_errorMessage + u')';
    case SQLITE_READONLY:
        // A hot journal: a writer stopped mid-transaction, and only a read-write connection may roll it back.
        return path
            + u": a writer left an unfinished transaction that must be rolled back first (open the store "
              u"once with mlflow or sqlite3): "
            + m_errorMessage;
    case SQLITE_CANTOPEN:
        return path + u": cannot open the database (" + m_errorMessage + u')';
    default:
        return path + u": " + m_errorMessage;
    }
}

void SqliteDatabase::captureError() { setError(sqlite3_errcode(m_db) & 0xff, QString::fromUtf8(sqlite3_errmsg(m_db))); }

bool SqliteDatabase::exec(const char* sql)
{
    if (!m_db) {
        setError(SQLITE_MISUSE, QStringLiteral("the database is not open"));
        return false;
    }
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
        captureError();
        return false;
    }
    return true;
}

bool SqliteDatabase::tableNames(QStringList& names)
{
    names.clear();
    SqliteStatement st(*this, QByteArrayLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"));
    if (!st.isValid())
        return false;
    SqliteStatement::Step s;
    while ((s = st.step()) == SqliteStatement::Step::Row)
        names << st.text(0);
    return s == SqliteStatement::Step::Done;
}

bool SqliteDatabase::columnNames(const QString& table, QStringList& names)
{
    names.clear();
    // table_info's argument is an identifier, not a bindable value; quote it the SQL way.
    QString quoted = table;
    quoted.replace(u'"', QStringLiteral("\"\""));
    SqliteStatement st(*this, QByteArray("PRAGMA table_info(\"" + quoted.toUtf8() + "\")"));
    if (!st.isValid())
        return false;
    SqliteStatement::Step s;
    while ((s = st.step()) == SqliteStatement::Step::Row)
        names << st.text(1);
    return s == SqliteStatement::Step::Done;
}
