#include "application.h"

#include "appsettings.h"
#include "commandline.h"
#include "mainwindow.h"
#include "sourcefactory.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QPixmap>
#include <QTimer>

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("RunLens"));
    QCoreApplication::setApplicationName(QStringLiteral("runlens"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RUNLENS_VERSION));
}

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

// Help, the version and a screenshot need no screen: without a display (a terminal over ssh, CI) they still work.
bool needsNoScreen(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "-h" || a == "--help" || a == "--help-all" || a == "-v" || a == "--version" || a == "--screenshot"
            || a.startsWith("--screenshot="))
            return true;
    }
    return false;
}

int runGui(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && !hasDisplay() && needsNoScreen(argc, argv))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    setIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("RunLens"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Browse and compare ML experiment runs.\n\n"
        "Commands: runlens ls|show|metrics|diff|export URI … (run `runlens ls --help`)"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("URI"),
        QStringLiteral("Stores to open: a path, file:///…, sqlite:///relative.db, sqlite:////abs.db"), QStringLiteral("[URI…]"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        QStringLiteral("Load, select the first runs, render the main window to FILE (PNG) and exit."), QStringLiteral("FILE"));
    const QCommandLineOption filter(QStringLiteral("filter"), QStringLiteral("Initial run filter (MLflow search syntax)."),
        QStringLiteral("EXPR"));
    const QCommandLineOption select(QStringLiteral("select"), QStringLiteral("With --screenshot: how many runs to select."),
        QStringLiteral("N"), QStringLiteral("6"));
    parser.addOptions({ screenshot, filter, select });
    parser.process(app);

    MainWindow window;
    QStringList uris = parser.positionalArguments();
    if (uris.isEmpty()) {
        const QString fallback = SourceFactory::defaultUri();
        if (!fallback.isEmpty())
            uris << fallback;
    }
    for (const QString& uri : std::as_const(uris))
        window.openSource(uri);
    if (parser.isSet(filter))
        window.setFilterText(parser.value(filter));

    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        const int count = parser.value(select).toInt();
        window.resize(1500, 950);
        window.show();
        // Loads run on the pool; once idle, select runs, wait for their histories, then grab the window.
        window.whenIdle([&window, path, count]() {
            window.selectFirstRuns(count);
            window.whenIdle([&window, path]() {
                QTimer::singleShot(150, &window, [&window, path]() {
                    const bool ok = window.grab().save(path, "PNG");
                    if (!ok)
                        fprintf(stderr, "runlens: cannot write screenshot %s\n", qPrintable(path));
                    QCoreApplication::exit(ok ? 0 : 1);
                });
            });
        });
        return app.exec();
    }
    AppSettings::restoreWindow(window);
    window.show();
    return app.exec();
}

} // namespace

int runApplication(int argc, char** argv)
{
    const QString command = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (command == u"export") {
        // Rendering a chart needs widgets but no screen: without a display, use the offscreen platform.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && !hasDisplay())
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        setIdentity();
        return CommandLine::run(QCoreApplication::arguments());
    }
    if (CommandLine::isCommand(command)) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return CommandLine::run(QCoreApplication::arguments());
    }
    return runGui(argc, argv);
}
