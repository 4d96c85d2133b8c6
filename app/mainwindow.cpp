#include "mainwindow.h"

#include "appsettings.h"
#include "chartexportflow.h"
#include "chartfeeder.h"
#include "chartgrid.h"
#include "experimentlabels.h"
#include "livewatcher.h"
#include "loadcontroller.h"
#include "paramdiffview.h"
#include "rundetailsview.h"
#include "runfilterproxy.h"
#include "runtablemodel.h"
#include "runtableview.h"
#include "seriescache.h"
#include "sourcetreemodel.h"
#include "warningspanel.h"

#include <QAction>
#include <QCloseEvent>
#include <QMenu>
#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace {
constexpr int kMaxChartedRuns = 50;
}

// Resources compiled into a static library are not registered automatically.
static void initRunLensResources()
{
    Q_INIT_RESOURCE(runlens);
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_loader(new LoadController(this))
    , m_cache(new SeriesCache([this](const QString& uri) { return m_loader->source(uri); }, this))
    , m_runs(new RunTableModel(this))
    , m_proxy(new RunFilterProxy(this))
    , m_tree(new SourceTreeModel(this))
    , m_live(new LiveWatcher(this))
{
    initRunLensResources();
    setWindowTitle(QStringLiteral("RunLens"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/runlens.svg")));
    m_proxy->setRunModel(m_runs);
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(buildStartPage());
    m_pages->addWidget(buildWorkspace());
    setCentralWidget(m_pages);

    m_warnings = new WarningsPanel(this);
    m_warningsDock = new QDockWidget(QStringLiteral("Warnings"), this);
    m_warningsDock->setObjectName(QStringLiteral("warnings"));
    m_warningsDock->setWidget(m_warnings);
    addDockWidget(Qt::BottomDockWidgetArea, m_warningsDock);
    m_warningsDock->hide();

    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_cancel = new QToolButton(this);
    m_cancel->setText(QStringLiteral("Cancel"));
    m_cancel->setToolTip(QStringLiteral("Stop loading (Esc)"));
    m_cancel->hide();
    m_warningsButton = new QToolButton(this);
    m_warningsButton->setAutoRaise(true);
    m_warningsButton->hide();
    statusBar()->addPermanentWidget(m_warningsButton);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    connect(m_cancel, &QToolButton::clicked, m_loader, &LoadController::cancelAll);
    connect(m_warningsButton, &QToolButton::clicked, this, [this]() { m_warningsDock->setVisible(!m_warningsDock->isVisible()); });
    connect(m_warnings, &WarningsPanel::countChanged, this, [this](int n) {
        m_warningsButton->setVisible(n > 0);
        m_warningsButton->setText(n == 1 ? QStringLiteral("⚠ 1 warning") : QStringLiteral("⚠ %1 warnings").arg(n));
    });

    buildActions();
    connectLoader();
    resize(1400, 900);
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent* event)
{
    AppSettings::saveWindow(*this);
    QMainWindow::closeEvent(event);
}

QWidget* MainWindow::buildStartPage()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addStretch(2);
    auto* title = new QLabel(QStringLiteral("<h1>RunLens</h1><p>Browse and compare machine-learning runs from MLflow "
                                            "stores, natively and fast. Nothing you open is modified.</p>"),
        page);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    const auto addButton = [&](const QString& text, auto slot) {
        auto* b = new QPushButton(text, page);
        b->setMinimumWidth(190);
        connect(b, &QPushButton::clicked, this, slot);
        buttons->addWidget(b);
    };
    addButton(QStringLiteral("Open mlruns folder…"), &MainWindow::openFolderDialog);
    addButton(QStringLiteral("Open mlflow.db…"), &MainWindow::openDatabaseDialog);
    addButton(QStringLiteral("Open the demo"), [this]() {
        openSource(QStringLiteral(RUNLENS_DEMO_DIR "/mlruns"));
    });
    buttons->addStretch();
    layout->addLayout(buttons);
    layout->addStretch(3);
    return page;
}

QWidget* MainWindow::buildWorkspace()
{
    m_treeView = new QTreeView(this);
    m_treeView->setModel(m_tree);
    m_treeView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_treeView->header()->setStretchLastSection(false);
    m_treeView->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_treeView->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_treeView->setUniformRowHeights(true);
    connect(m_treeView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::onTreeSelection);
    connect(m_tree, &QAbstractItemModel::rowsInserted, m_treeView, [this](const QModelIndex& parent) {
        if (!parent.isValid() || m_tree->kind(parent) == SourceTreeModel::NodeKind::Source)
            m_treeView->expand(parent.isValid() ? parent : m_tree->index(m_tree->rowCount() - 1, 0));
    });

    m_filter = new QLineEdit(this);
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(
        QStringLiteral("Filter runs, MLflow search syntax: metrics.accuracy > 0.9 and params.optimizer = 'adam'"));
    m_filterError = new QLabel(this);
    m_filterError->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_filterError->hide();
    m_runCount = new QLabel(this);
    m_filterTimer = new QTimer(this);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(250);
    connect(m_filter, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_filterTimer, &QTimer::timeout, this, &MainWindow::applyFilter);
    connect(m_filter, &QLineEdit::returnPressed, this, &MainWindow::applyFilter);

    m_table = new RunTableView(this);
    m_table->setModels(m_proxy, m_runs);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::onRunSelection);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this]() {
        const int row = m_table->currentSourceRow();
        const Run* run = m_runs->runAt(row);
        const Catalog* catalog = run ? m_loader->catalog(m_runs->sourceUriAt(row)) : nullptr;
        m_details->setRun(run, catalog ? catalog->experiment(run->experimentId) : nullptr,
            catalog && !run->parentRunId.isEmpty() ? catalog->run(run->parentRunId) : nullptr);
    });
    const auto updateCount = [this]() {
        m_runCount->setText(QStringLiteral("%1 of %2 runs").arg(m_proxy->matchingRunCount()).arg(m_runs->rowCount()));
    };
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, updateCount);

    auto* tablePane = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tablePane);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_runCount);
    tableLayout->addLayout(filterRow);
    tableLayout->addWidget(m_filterError);
    tableLayout->addWidget(m_table, 1);

    m_grid = new ChartGrid(this);
    m_feeder = new ChartFeeder(
        m_cache, [this](const QString& uri) { return m_loader->source(uri); }, m_grid, this);
    m_details = new RunDetailsView(this);
    m_details->setRun(nullptr, nullptr);
    connect(m_cache, &SeriesCache::seriesFailed, this,
        [this](const RunKey& run, const QString&, const QString& message, const QList<ReadWarning>& warnings) {
            const QString label = m_runs->sourceLabel(run.sourceUri);
            m_warnings->addWarnings(label, warnings);
            if (!message.isEmpty())
                m_warnings->addError(label, message);
        });

    auto* lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(m_grid);
    // Details of the current run, or the selected runs side by side: the same place, one tab each.
    m_diff = new ParamDiffView(this);
    m_sideTabs = new QTabWidget(this);
    m_sideTabs->setDocumentMode(true);
    m_sideTabs->addTab(m_details, QStringLiteral("Details"));
    m_sideTabs->addTab(m_diff, QStringLiteral("Compare"));
    lower->addWidget(m_sideTabs);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    auto* middle = new QSplitter(Qt::Vertical, this);
    middle->addWidget(tablePane);
    middle->addWidget(lower);
    middle->setStretchFactor(0, 1);
    middle->setStretchFactor(1, 1);
    auto* outer = new QSplitter(Qt::Horizontal, this);
    outer->addWidget(m_treeView);
    outer->addWidget(middle);
    outer->setStretchFactor(0, 0);
    outer->setStretchFactor(1, 1);
    outer->setSizes({ 260, 1140 });
    return outer;
}

void MainWindow::buildActions()
{
    QMenu* file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(QStringLiteral("Open &folder (mlruns)…"), QKeySequence::Open, this, &MainWindow::openFolderDialog);
    file->addAction(QStringLiteral("Open &database (mlflow.db)…"), QKeySequence(QStringLiteral("Ctrl+Shift+O")), this,
        &MainWindow::openDatabaseDialog);
    file->addAction(QStringLiteral("Open &URI…"), QKeySequence(QStringLiteral("Ctrl+L")), this, &MainWindow::openUriDialog);
    m_recentMenu = file->addMenu(QStringLiteral("Open &recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, [this]() {
        m_recentMenu->clear();
        const QStringList recent = AppSettings::recentSources();
        for (const QString& uri : recent)
            m_recentMenu->addAction(uri, this, [this, uri]() { openSource(uri); });
        if (recent.isEmpty())
            m_recentMenu->addAction(QStringLiteral("(none)"))->setEnabled(false);
        else
            m_recentMenu->addAction(QStringLiteral("Clear list"), this, []() { AppSettings::clearRecentSources(); });
    });
    file->addAction(QStringLiteral("&Reload all"), QKeySequence::Refresh, this, &MainWindow::reloadAll);
    file->addAction(QStringLiteral("&Export chart…"), QKeySequence(QStringLiteral("Ctrl+E")), this, [this]() {
        if (MetricChart* chart = m_grid->currentChart())
            ChartExportFlow::run(this, *chart, m_feeder->dataFor(m_grid->currentKey()));
        else
            QMessageBox::information(this, QStringLiteral("Export chart"), QStringLiteral("There is no chart to export: select runs first."));
    });
    file->addAction(QStringLiteral("Export &all charts…"), QKeySequence(QStringLiteral("Ctrl+Shift+E")), this,
        [this]() { ChartExportFlow::runGrid(this, *m_grid->gridContents()); });
    file->addSeparator();
    file->addAction(QStringLiteral("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);

    QMenu* view = menuBar()->addMenu(QStringLiteral("&View"));
    view->addAction(QStringLiteral("&Filter runs"), QKeySequence::Find, this, [this]() {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    view->addAction(QStringLiteral("Search &metrics"), QKeySequence(QStringLiteral("Ctrl+M")), this,
        [this]() { m_grid->focusSearch(); });
    QAction* deleted = view->addAction(QStringLiteral("Show &deleted runs"), QKeySequence(QStringLiteral("Ctrl+Shift+D")),
        this, &MainWindow::setShowDeleted);
    deleted->setCheckable(true);
    view->addAction(m_warningsDock->toggleViewAction());
    m_warningsDock->toggleViewAction()->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+W")));
    QAction* cancel = view->addAction(QStringLiteral("&Cancel loading"), QKeySequence(Qt::Key_Escape), m_loader,
        &LoadController::cancelAll);
    cancel->setShortcutContext(Qt::WindowShortcut);

    QMenu* help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(QStringLiteral("&Keyboard shortcuts"), QKeySequence::HelpContents, this, &MainWindow::showShortcuts);
    help->addAction(QStringLiteral("&About RunLens"), this, [this]() {
        QMessageBox::about(this, QStringLiteral("About RunLens"),
            QStringLiteral("<b>RunLens %1</b><br>Browse and compare machine-learning runs.").arg(QStringLiteral(RUNLENS_VERSION)));
    });
}

void MainWindow::connectLoader()
{
    connect(m_loader, &LoadController::sourceStarted, this, [this](const QString& uri, const QString& label) {
        m_loadClock[uri].start();
        m_pages->setCurrentIndex(1);
        m_tree->addSource(uri, label);
        m_runs->beginSource(uri, label);
        m_cache->dropSource(uri);
        updateTitle();
    });
    connect(m_loader, &LoadController::runsArrived, m_runs, &RunTableModel::appendRuns);
    connect(m_loader, &LoadController::progressChanged, this,
        [this](const QString&, qint64 done, qint64 total, const QString& what) {
            m_progress->setRange(0, total > 0 ? static_cast<int>(total) : 0);
            m_progress->setValue(static_cast<int>(done));
            m_progress->setFormat(what + QStringLiteral(" %v/%m"));
        });
    connect(m_loader, &LoadController::sourceLoaded, this, &MainWindow::onSourceLoaded);
    connect(m_loader, &LoadController::sourceRefreshed, this, &MainWindow::onSourceRefreshed);
    connect(m_live, &LiveWatcher::changed, m_loader, &LoadController::refresh);
    connect(m_loader, &LoadController::sourceFailed, this,
        [this](const QString& input, const QString& message, const QList<ReadWarning>& warnings) {
            m_tree->setSourceState(input, SourceTreeModel::SourceState::Failed, message);
            if (message != u"cancelled")
                m_warnings->addError(input, message);
            m_warnings->addWarnings(input, warnings);
            if (message != u"cancelled")
                m_warningsDock->show();
            statusBar()->showMessage(input + u": " + message, 10000);
        });
    connect(m_loader, &LoadController::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_cancel->setVisible(busy);
    });
}

void MainWindow::openSource(const QString& uriOrPath)
{
    statusBar()->showMessage(u"Opening " + uriOrPath + u"…");
    m_loader->open(uriOrPath);
}

void MainWindow::onSourceLoaded(const QString& uri, const QList<ReadWarning>& warnings)
{
    const Catalog* catalog = m_loader->catalog(uri);
    if (!catalog)
        return;
    m_runs->setRuns(uri, catalog->runs);
    AppSettings::addRecentSource(uri);
    if (const auto source = m_loader->source(uri); source && (source->info().capabilities & SourceInfo::Live))
        m_live->watch(uri, source->info().watchPaths);
    m_runs->setExperimentNames(uri, experimentLabelsById(catalog->experiments));
    m_tree->setCatalog(uri, *catalog, m_showDeleted);
    const QString label = m_runs->sourceLabel(uri);
    m_warnings->addWarnings(label, warnings);
    const qint64 ms = m_loadClock.value(uri).elapsed();
    statusBar()->showMessage(QStringLiteral("Loaded %1 runs in %2 experiments from %3 in %4 ms%5")
                                 .arg(catalog->runs.size())
                                 .arg(catalog->experiments.size())
                                 .arg(label)
                                 .arg(ms)
                                 .arg(warnings.isEmpty() ? QString() : QStringLiteral(", with %1 warnings").arg(warnings.size())),
        15000);
    m_table->resizeColumnToContents(RunTableModel::Status);
}

// A live source changed on disk and was re-indexed in the background: update rows in place so selection, sort
// and scroll stay, and reload the charted histories of that source.
void MainWindow::onSourceRefreshed(const QString& uri)
{
    const Catalog* catalog = m_loader->catalog(uri);
    if (!catalog)
        return;
    m_runs->updateRuns(uri, catalog->runs);
    if (m_tree->experimentIds(uri) != catalog->experimentIds()) // rebuilding the tree would drop its selection
        m_tree->setCatalog(uri, *catalog, m_showDeleted);
    m_cache->dropSource(uri);
    onRunSelection(); // new metric keys and new points
}

void MainWindow::onTreeSelection()
{
    QSet<QString> scope;
    const QModelIndexList selected = m_treeView->selectionModel()->selectedRows();
    for (const QModelIndex& i : selected) {
        switch (m_tree->kind(i)) {
        case SourceTreeModel::NodeKind::Source:
            scope.insert(RunFilterProxy::scopeKey(m_tree->sourceUri(i)));
            break;
        case SourceTreeModel::NodeKind::Experiment:
            scope.insert(RunFilterProxy::scopeKey(m_tree->sourceUri(i), m_tree->experimentId(i)));
            break;
        default:
            break;
        }
    }
    m_proxy->setScope(scope);
}

void MainWindow::onRunSelection()
{
    QVector<ChartFeeder::ChartedRun> charted;
    QVector<Run> compared;
    const QList<int> rows = m_table->selectedSourceRows();
    for (int row : rows) {
        const Run* run = m_runs->runAt(row);
        if (!run || charted.size() >= kMaxChartedRuns)
            continue;
        charted.append({ { m_runs->sourceUriAt(row), run->runId }, *run, m_runs->colorOf(row),
            m_runs->sourceLabel(m_runs->sourceUriAt(row)) });
        compared.append(*run);
    }
    m_diff->setRuns(compared);
    m_sideTabs->setTabText(
        1, compared.size() > 1 ? QStringLiteral("Compare (%1)").arg(compared.size()) : QStringLiteral("Compare"));
    m_feeder->setRuns(charted);
    if (rows.size() > kMaxChartedRuns)
        statusBar()->showMessage(QStringLiteral("Charting the first %1 of %2 selected runs").arg(kMaxChartedRuns).arg(rows.size()), 8000);
}

void MainWindow::applyFilter()
{
    m_filterTimer->stop();
    if (m_proxy->setSearchExpression(m_filter->text())) {
        m_filterError->hide();
        m_filter->setStyleSheet(QString());
    } else {
        m_filterError->setText(m_proxy->filterError());
        m_filterError->show();
        m_filter->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #c62828; }"));
    }
}

QString MainWindow::filterError() const
{
    return m_filterError->isVisible() ? m_filterError->text() : QString();
}

void MainWindow::setFilterText(const QString& expression)
{
    m_filter->setText(expression);
    applyFilter();
}

void MainWindow::selectFirstRuns(int count)
{
    m_table->expandAll(); // the first runs, children included, not only the top-level rows
    m_table->clearSelection();
    const int n = std::min(count, m_proxy->rowCount());
    if (n == 0)
        return;
    m_table->setCurrentIndex(m_proxy->index(0, 0));
    m_table->selectionModel()->select(QItemSelection(m_proxy->index(0, 0), m_proxy->index(n - 1, 0)),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

bool MainWindow::isIdle() const
{
    return !m_loader->isBusy() && !m_feeder->isBusy();
}

void MainWindow::whenIdle(std::function<void()> done)
{
    auto* poll = new QTimer(this);
    poll->setInterval(50);
    connect(poll, &QTimer::timeout, this, [this, poll, done]() {
        if (!isIdle())
            return;
        poll->stop();
        poll->deleteLater();
        done();
    });
    poll->start();
}

void MainWindow::openFolderDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(this, QStringLiteral("Open an mlruns folder"));
    if (!dir.isEmpty())
        openSource(dir);
}

void MainWindow::openDatabaseDialog()
{
    const QString file = QFileDialog::getOpenFileName(this, QStringLiteral("Open an MLflow database"), QString(),
        QStringLiteral("MLflow SQLite store (*.db *.sqlite *.sqlite3);;All files (*)"));
    if (!file.isEmpty())
        openSource(u"sqlite:///" + file);
}

void MainWindow::openUriDialog()
{
    bool ok = false;
    const QString uri = QInputDialog::getText(this, QStringLiteral("Open URI"),
        QStringLiteral("Path, file:///…, sqlite:///relative.db or sqlite:////absolute.db"), QLineEdit::Normal, QString(), &ok);
    if (ok && !uri.trimmed().isEmpty())
        openSource(uri.trimmed());
}

void MainWindow::reloadAll()
{
    m_warnings->clear();
    for (const QString& uri : m_tree->sourceUris())
        m_loader->reload(uri);
}

void MainWindow::setShowDeleted(bool show)
{
    m_showDeleted = show;
    m_proxy->setShowDeleted(show);
    for (const QString& uri : m_tree->sourceUris()) {
        if (const Catalog* c = m_loader->catalog(uri))
            m_tree->setCatalog(uri, *c, show);
    }
}

void MainWindow::showShortcuts()
{
    QMessageBox::information(this, QStringLiteral("Keyboard shortcuts"),
        QStringLiteral("<table cellspacing=6>"
                       "<tr><td><b>Ctrl+O</b></td><td>Open an mlruns folder</td></tr>"
                       "<tr><td><b>Ctrl+Shift+O</b></td><td>Open an mlflow.db</td></tr>"
                       "<tr><td><b>Ctrl+L</b></td><td>Open a URI</td></tr>"
                       "<tr><td><b>F5</b></td><td>Reload all sources</td></tr>"
                       "<tr><td><b>Ctrl+E</b></td><td>Export the chart last hovered (PNG, SVG, PDF or CSV)</td></tr>"
                       "<tr><td><b>Ctrl+Shift+E</b></td><td>Export all charts (PNG, SVG or PDF)</td></tr>"
                       "<tr><td><b>Ctrl+M</b></td><td>Search metrics</td></tr>"
                       "<tr><td><b>Ctrl+F</b></td><td>Filter runs (MLflow search syntax)</td></tr>"
                       "<tr><td><b>Ctrl+A</b></td><td>Select all runs in the table</td></tr>"
                       "<tr><td><b>Ctrl+Shift+D</b></td><td>Show deleted runs</td></tr>"
                       "<tr><td><b>Ctrl+Shift+W</b></td><td>Warnings panel</td></tr>"
                       "<tr><td><b>Esc</b></td><td>Cancel loading</td></tr>"
                       "<tr><td><b>Drag on a chart</b></td><td>Zoom into a range (every chart follows)</td></tr>"
                       "<tr><td><b>Ctrl+wheel</b></td><td>Zoom around the cursor</td></tr>"
                       "<tr><td><b>Shift+drag, middle drag</b></td><td>Pan</td></tr>"
                       "<tr><td><b>Double-click chart</b></td><td>Reset zoom</td></tr>"
                       "<tr><td><b>Left / Right</b> (clicked chart)</td><td>Pan by a tenth (Shift: by half)</td></tr>"
                       "<tr><td><b>+ / &minus;, Up / Down</b> (clicked chart)</td><td>Zoom in / out around the middle</td></tr>"
                       "<tr><td><b>Home</b> (clicked chart)</td><td>Reset zoom</td></tr>"
                       "<tr><td><b>F1</b></td><td>This list</td></tr>"
                       "<tr><td><b>Ctrl+Q</b></td><td>Quit</td></tr></table>"));
}

void MainWindow::updateTitle()
{
    QStringList labels;
    for (const QString& uri : m_tree->sourceUris())
        labels << m_runs->sourceLabel(uri);
    setWindowTitle(labels.isEmpty() ? QStringLiteral("RunLens") : labels.join(QStringLiteral(", ")) + QStringLiteral(" — RunLens"));
}
