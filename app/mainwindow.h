#pragma once

#include "readresult.h"
#include "runkey.h"

#include <QElapsedTimer>
#include <QMainWindow>

#include <functional>

class ChartFeeder;
class ChartGrid;
class LiveWatcher;
class LoadController;
class QLabel;
class QLineEdit;
class QProgressBar;
class QStackedWidget;
class QToolButton;
class QTreeView;
class ParamDiffView;
class QTabWidget;
class RunDetailsView;
class RunFilterProxy;
class RunTableModel;
class RunTableView;
class SeriesCache;
class SourceTreeModel;
class WarningsPanel;
class QDockWidget;
class QTimer;
class QMenu;

// The composition of the GUI: sources and experiments on the left, the run table with its filter in the middle,
// the chart of the selected runs and the details of the current run below, warnings in a dock. It wires models,
// views and the loaders together and holds no format knowledge of its own.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openSource(const QString& uriOrPath);
    void setFilterText(const QString& expression);
    void selectFirstRuns(int count); // for --screenshot and tests
    // Calls `done` once nothing is loading any more (sources and charted series).
    void whenIdle(std::function<void()> done);
    bool isIdle() const;

    RunTableModel* runModel() const { return m_runs; }
    RunFilterProxy* runProxy() const { return m_proxy; }
    SourceTreeModel* sourceTree() const { return m_tree; }
    ChartGrid* chartGrid() const { return m_grid; }
    ChartFeeder* chartFeeder() const { return m_feeder; }
    WarningsPanel* warningsPanel() const { return m_warnings; }
    LiveWatcher* liveWatcher() const { return m_live; }
    RunTableView* runTable() const { return m_table; }
    ParamDiffView* diffView() const { return m_diff; }
    QTabWidget* sideTabs() const { return m_sideTabs; }
    QString filterError() const;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildActions();
    QWidget* buildStartPage();
    QWidget* buildWorkspace();
    void connectLoader();
    void onSourceLoaded(const QString& uri, const QList<ReadWarning>& warnings);
    void onSourceRefreshed(const QString& uri);
    void onTreeSelection();
    void onRunSelection();
    void applyFilter();
    void openFolderDialog();
    void openDatabaseDialog();
    void openUriDialog();
    void reloadAll();
    void setShowDeleted(bool show);
    void showShortcuts();
    void updateTitle();

    LoadController* m_loader;
    SeriesCache* m_cache;
    RunTableModel* m_runs;
    RunFilterProxy* m_proxy;
    SourceTreeModel* m_tree;
    LiveWatcher* m_live;

    QStackedWidget* m_pages = nullptr;
    QTreeView* m_treeView = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_filterError = nullptr;
    QLabel* m_runCount = nullptr;
    RunTableView* m_table = nullptr;
    ChartGrid* m_grid = nullptr;
    ChartFeeder* m_feeder = nullptr;
    RunDetailsView* m_details = nullptr;
    ParamDiffView* m_diff = nullptr;
    QTabWidget* m_sideTabs = nullptr;
    WarningsPanel* m_warnings = nullptr;
    QDockWidget* m_warningsDock = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
    QToolButton* m_warningsButton = nullptr;
    QTimer* m_filterTimer = nullptr;
    QMenu* m_recentMenu = nullptr;

    bool m_showDeleted = false;
    QHash<QString, QElapsedTimer> m_loadClock;
};
