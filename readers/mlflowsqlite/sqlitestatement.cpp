#include "sqlitestatement.h"

#include "sqlitedatabase.h"

#include <sqlite3.h>

SqliteStatement::SqliteStatement(SqliteDatabase& db, const QByteArray& sql)
    : m_db(db)
{
    if (!db.isOpen()) {
        db.setError(SQLITE_MISUSE, QStringLiteral("the database is not open"));
        return;
    }
    const int rc = sqlite3_prepare_v2(db.handle(), sql.constData(), static_cast<int>(sql.size()), &m_stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
        check(rc);
    }
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(m_stmt); }

bool SqliteStatement::check(int rc)
{
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE)
        return true;
    m_db.setError(rc & 0xff, QString::fromUtf8(sqlite3_errmsg(m_db.handle())));
    return false;
}

bool SqliteStatement::bind(int index, const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    // SQLITE_TRANSIENT: SQLite copies the bytes, so the temporary may go.
    return m_stmt
        && check(sqlite3_bind_text(m_stmt, index, utf8.constData(), static_cast<int>(utf8.size()), SQLITE_TRANSIENT));
}

bool SqliteStatement::bind(int index, qint64 value)
{
    return m_stmt && check(sqlite3_bind_int64(m_stmt, index, value));
}

SqliteStatement::Step SqliteStatement::step()
{
    if (!m_stmt)
        return Step::Error;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return Step::Row;
    if (rc == SQLITE_DONE)
        return Step::Done;
    check(rc);
    return Step::Error;
}

bool SqliteStatement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

bool SqliteStatement::isNumeric(int column) const
{
    const int type = sqlite3_column_type(m_stmt, column);
    return type == SQLITE_INTEGER || type == SQLITE_FLOAT;
}

qint64 SqliteStatement::int64(int column) const { return sqlite3_column_int64(m_stmt, column); }

std::optional<qint64> SqliteStatement::optionalInt64(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return int64(column);
}

double SqliteStatement::real(int column) const { return sqlite3_column_double(m_stmt, column); }

QByteArrayView SqliteStatement::bytes(int column) const
{
    // The text pointer first, then its length: the documented order when a conversion may happen.
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    const int size = sqlite3_column_bytes(m_stmt, column);
    return text ? QByteArrayView(text, size) : QByteArrayView();
}
