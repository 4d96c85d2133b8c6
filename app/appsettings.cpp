#include "appsettings.h"

#include <QMainWindow>
#include <QSettings>

namespace {
constexpr int kMaxRecent = 10;
const char* const kRecentKey = "recentSources";
}

QStringList AppSettings::recentSources()
{
    return QSettings().value(QLatin1String(kRecentKey)).toStringList();
}

void AppSettings::addRecentSource(const QString& uri)
{
    QStringList recent = recentSources();
    recent.removeAll(uri);
    recent.prepend(uri);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    QSettings().setValue(QLatin1String(kRecentKey), recent);
}

void AppSettings::clearRecentSources()
{
    QSettings().remove(QLatin1String(kRecentKey));
}

void AppSettings::saveWindow(const QMainWindow& window)
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), window.saveGeometry());
    s.setValue(QStringLiteral("window/state"), window.saveState());
}

void AppSettings::restoreWindow(QMainWindow& window)
{
    QSettings s;
    window.restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    window.restoreState(s.value(QStringLiteral("window/state")).toByteArray());
}
