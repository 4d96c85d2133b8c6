#pragma once

#include <QStringList>

class QMainWindow;

// What RunLens remembers between sessions: recently opened sources and the window layout.
class AppSettings final {
public:
    static QStringList recentSources();
    static void addRecentSource(const QString& uri);
    static void clearRecentSources();
    static void saveWindow(const QMainWindow& window);
    static void restoreWindow(QMainWindow& window);
};
