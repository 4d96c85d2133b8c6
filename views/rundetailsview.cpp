#include "rundetailsview.h"

#include "experiment.h"
#include "run.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QStackedLayout>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

const QString systemTagPrefix = u"mlflow."_s;
const QString noValue = u"—"_s;

// A cell that sorts by a key other than its text: numbers numerically (NaN and "unknown" after every number),
// system tags after the user's own.
class SortableItem final : public QTableWidgetItem {
public:
    static SortableItem* number(const QString& text, double value)
    {
        auto* item = new SortableItem(text);
        item->m_number = value;
        item->m_numeric = true;
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return item;
    }
    static SortableItem* text(const QString& text, int group = 0)
    {
        auto* item = new SortableItem(text);
        item->m_group = group;
        return item;
    }
    bool operator<(const QTableWidgetItem& other) const override
    {
        const auto* o = dynamic_cast<const SortableItem*>(&other);
        if (!o)
            return QTableWidgetItem::operator<(other);
        if (m_numeric && o->m_numeric) {
            if (std::isnan(m_number) || std::isnan(o->m_number))
                return !std::isnan(m_number) && std::isnan(o->m_number);
            return m_number < o->m_number;
        }
        if (m_group != o->m_group)
            return m_group < o->m_group;
        return QTableWidgetItem::text().compare(o->QTableWidgetItem::text(), Qt::CaseInsensitive) < 0;
    }

private:
    explicit SortableItem(const QString& text)
        : QTableWidgetItem(text)
    {
    }
    double m_number = 0;
    bool m_numeric = false;
    int m_group = 0;
};

// Shortest text that reads back as the same double: what was logged, without float noise.
QString formatValue(double value)
{
    if (std::isnan(value))
        return u"NaN"_s;
    if (std::isinf(value))
        return value > 0 ? u"inf"_s : u"-inf"_s;
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QTableWidget* makeTable(const QStringList& headers)
{
    auto* table = new QTableWidget(0, static_cast<int>(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectItems);
    table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideMiddle);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setHighlightSections(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    // Qt's default indicator is descending; names read A to Z. A column the user picks later survives setRun.
    table->horizontalHeader()->setSortIndicator(0, Qt::AscendingOrder);

    // Ctrl+C (and the context menu) copies the selected cells, one row per line, cells tab-separated.
    auto* copy = new QAction(RunDetailsView::tr("Copy"), table);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    table->addAction(copy);
    table->setContextMenuPolicy(Qt::ActionsContextMenu);
    QObject::connect(copy, &QAction::triggered, table, [table] {
        QModelIndexList cells = table->selectionModel()->selectedIndexes();
        std::sort(cells.begin(), cells.end(), [](const QModelIndex& a, const QModelIndex& b) {
            return a.row() != b.row() ? a.row() < b.row() : a.column() < b.column();
        });
        QString text;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            if (i > 0)
                text += cells[i].row() == cells[i - 1].row() ? u"\t"_s : u"\n"_s;
            text += cells[i].data().toString();
        }
        QApplication::clipboard()->setText(text);
    });
    return table;
}

QString statusColor(RunStatus status)
{
    switch (status) {
    case RunStatus::Running:
        return u"#2f6fb0"_s;
    case RunStatus::Finished:
        return u"#3b8a3e"_s;
    case RunStatus::Failed:
        return u"#c0392b"_s;
    case RunStatus::Killed:
        return u"#b36b00"_s;
    case RunStatus::Scheduled:
        return u"#7d5ba6"_s;
    case RunStatus::Unknown:
        break;
    }
    return u"#707070"_s;
}

} // namespace

RunDetailsView::RunDetailsView(QWidget* parent)
    : QWidget(parent)
    , m_stack(new QStackedLayout(this))
    , m_empty(new QLabel(tr("Select a run")))
    , m_name(new QLabel)
    , m_status(new QLabel)
    , m_fields(new QGridLayout)
    , m_description(new QTextBrowser)
    , m_tabs(new QTabWidget)
    , m_params(makeTable({ tr("Parameter"), tr("Value") }))
    , m_metrics(makeTable({ tr("Metric"), tr("Latest"), tr("Min"), tr("Max"), tr("Step") }))
    , m_tags(makeTable({ tr("Tag"), tr("Value") }))
    , m_systemTags(new QCheckBox)
{
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_empty);

    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    auto* titleRow = new QHBoxLayout;
    QFont nameFont = m_name->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.35);
    nameFont.setBold(true);
    m_name->setFont(nameFont);
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_name->setObjectName(u"name"_s);
    m_status->setObjectName(u"status"_s);
    titleRow->addWidget(m_name);
    titleRow->addWidget(m_status);
    titleRow->addStretch();
    layout->addLayout(titleRow);

    m_fields->setHorizontalSpacing(12);
    m_fields->setVerticalSpacing(3);
    m_fields->setColumnStretch(1, 1);
    m_fields->setColumnStretch(3, 1);
    // Identifiers, paths and URIs get a row each; the short values pair up two to a row.
    struct Field {
        QString key, title;
        bool wide;
    };
    const Field fields[] = { { u"Run ID"_s, tr("Run ID"), true }, { u"Experiment"_s, tr("Experiment"), true },
        { u"User"_s, tr("User"), false }, { u"Start"_s, tr("Start"), false }, { u"Duration"_s, tr("Duration"), false },
        { u"Parent run"_s, tr("Parent run"), false }, { u"Git commit"_s, tr("Git commit"), true },
        { u"Source"_s, tr("Source"), true }, { u"Artifact URI"_s, tr("Artifact URI"), true } };
    int row = 0, column = 0;
    for (const Field& field : fields) {
        if (field.wide && column != 0) {
            ++row;
            column = 0;
        }
        addField(field.key, field.title, row, column, field.wide);
        column = field.wide || column == 2 ? 0 : 2;
        row += column == 0 ? 1 : 0;
    }
    layout->addLayout(m_fields);

    m_description->setObjectName(u"description"_s);
    m_description->setOpenExternalLinks(true);
    m_description->setPlaceholderText(tr("No description"));
    m_params->setObjectName(u"params"_s);
    m_metrics->setObjectName(u"metrics"_s);
    // Names take the spare width; the numbers stay next to them rather than at the far edge.
    m_metrics->horizontalHeader()->setStretchLastSection(false);
    m_metrics->horizontalHeader()->setMinimumSectionSize(72);
    m_metrics->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int column = 1; column < 5; ++column)
        m_metrics->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_tags->setObjectName(u"tags"_s);
    m_systemTags->setObjectName(u"systemTags"_s);
    connect(m_systemTags, &QCheckBox::toggled, this, [this] { fillTags(); });

    auto* tagsPage = new QWidget;
    auto* tagsLayout = new QVBoxLayout(tagsPage);
    tagsLayout->setContentsMargins(0, 4, 0, 0);
    tagsLayout->addWidget(m_systemTags);
    tagsLayout->addWidget(m_tags);
    m_tabs->addTab(m_params, {});
    m_tabs->addTab(m_metrics, {});
    m_tabs->addTab(tagsPage, {});

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_description);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    layout->addWidget(splitter, 1);
    m_stack->addWidget(page);
    setRun(nullptr, nullptr);
}

void RunDetailsView::addField(const QString& field, const QString& title, int row, int column, bool wide)
{
    auto* label = new QLabel(title + u":"_s);
    label->setForegroundRole(QPalette::PlaceholderText);
    auto* value = new QLabel;
    value->setObjectName(field);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setWordWrap(wide);
    // A 40-character commit hash or a long URI must not widen the whole side pane (and squeeze the sources tree):
    // the value is clipped at the pane's width instead; its tooltip and selection still give the whole text.
    value->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_fields->addWidget(label, row, column, Qt::AlignTop);
    m_fields->addWidget(value, row, column + 1, 1, wide ? 3 : 1);
    m_values.insert(field, value);
}

void RunDetailsView::setField(const QString& field, const QString& text)
{
    if (QLabel* label = m_values.value(field)) {
        label->setText(text.isEmpty() ? noValue : text);
        label->setToolTip(text);
    }
}

QString RunDetailsView::fieldText(const QString& field) const
{
    if (field == u"Name")
        return m_name->text();
    if (field == u"Status")
        return m_status->text();
    const QLabel* label = m_values.value(field);
    return label ? label->text() : QString();
}

bool RunDetailsView::hasRun() const { return m_stack->currentIndex() == 1; }

void RunDetailsView::setShowSystemTags(bool show) { m_systemTags->setChecked(show); }

bool RunDetailsView::showsSystemTags() const { return m_systemTags->isChecked(); }

QString RunDetailsView::formatDuration(qint64 ms)
{
    if (ms < 0)
        return noValue;
    if (ms < 60'000)
        return tr("%1 s").arg(QLocale().toString(ms / 1000.0, 'f', ms < 10'000 ? 2 : 1));
    const qint64 s = ms / 1000;
    const qint64 days = s / 86'400, hours = s / 3600 % 24, minutes = s / 60 % 60, seconds = s % 60;
    const auto two = [](qint64 v) { return QString::number(v).rightJustified(2, u'0'); };
    if (days > 0)
        return tr("%1 d %2 h %3 min").arg(days).arg(hours).arg(two(minutes));
    if (hours > 0)
        return tr("%1 h %2 min %3 s").arg(hours).arg(two(minutes), two(seconds));
    return tr("%1 min %2 s").arg(minutes).arg(two(seconds));
}

void RunDetailsView::setRun(const Run* run, const Experiment* experiment, const Run* parent)
{
    m_stack->setCurrentIndex(run ? 1 : 0);
    if (!run) {
        m_tagValues.clear();
        for (QTableWidget* table : { m_params, m_metrics, m_tags })
            table->setRowCount(0);
        m_description->clear();
        return;
    }
    m_name->setText(run->name.isEmpty() ? run->runId : run->name);
    QString status = runStatusName(run->status);
    if (run->deleted)
        status += u" · "_s + tr("deleted");
    m_status->setText(status);
    m_status->setStyleSheet(u"QLabel { color: white; background: %1; border-radius: 4px; padding: 1px 6px; }"_s.arg(
        statusColor(run->status)));

    setField(u"Run ID"_s, run->runId);
    QString experimentText = run->experimentId;
    if (experiment && !experiment->name.isEmpty())
        experimentText = experiment->name + u" ("_s + run->experimentId + u")"_s;
    setField(u"Experiment"_s, experimentText);
    setField(u"User"_s, run->user);
    const QLocale locale;
    const auto when = [&](const std::optional<qint64>& ms) {
        return ms ? locale.toString(QDateTime::fromMSecsSinceEpoch(*ms), u"yyyy-MM-dd HH:mm:ss"_s) : QString();
    };
    setField(u"Start"_s, when(run->startTimeMs));
    QString duration;
    if (const auto ms = run->durationMs())
        duration = formatDuration(*ms);
    else if (run->status == RunStatus::Running)
        duration = tr("still running");
    setField(u"Duration"_s, duration);
    setField(u"Source"_s, run->sourceName);
    setField(u"Git commit"_s, run->gitCommit);
    setField(u"Parent run"_s,
        parent && !parent->name.isEmpty() ? u"%1 (%2)"_s.arg(parent->name, run->parentRunId) : run->parentRunId);
    setField(u"Artifact URI"_s, run->artifactUri);
    m_values.value(u"Git commit"_s)->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_description->setMarkdown(run->description());
    m_description->setVisible(!run->description().isEmpty());

    m_params->setSortingEnabled(false);
    m_params->setRowCount(static_cast<int>(run->params.size()));
    int row = 0;
    for (auto it = run->params.cbegin(); it != run->params.cend(); ++it, ++row) {
        m_params->setItem(row, 0, SortableItem::text(it.key()));
        auto* value = SortableItem::text(it.value());
        value->setToolTip(it.value());
        m_params->setItem(row, 1, value);
    }
    m_params->setSortingEnabled(true);
    setTabCount(0, tr("Parameters"), row);
    m_params->resizeColumnToContents(0);

    fillMetrics(run->metrics);
    m_tagValues = run->tags;
    fillTags();
}

void RunDetailsView::fillMetrics(const QMap<QString, MetricSummary>& metrics)
{
    const double unknown = std::numeric_limits<double>::quiet_NaN();
    m_metrics->setSortingEnabled(false);
    m_metrics->setRowCount(static_cast<int>(metrics.size()));
    int row = 0;
    for (auto it = metrics.cbegin(); it != metrics.cend(); ++it, ++row) {
        const MetricSummary& m = it.value();
        // Sources that keep only the latest value (the SQLite store) cannot say min and max: "—", not NaN.
        const bool range = m.hasRange();
        m_metrics->setItem(row, 0, SortableItem::text(it.key()));
        m_metrics->setItem(row, 1, SortableItem::number(formatValue(m.latest), m.latest));
        m_metrics->setItem(row, 2, SortableItem::number(range ? formatValue(m.min) : noValue, range ? m.min : unknown));
        m_metrics->setItem(row, 3, SortableItem::number(range ? formatValue(m.max) : noValue, range ? m.max : unknown));
        m_metrics->setItem(row, 4, SortableItem::number(QString::number(m.latestStep), double(m.latestStep)));
    }
    m_metrics->setSortingEnabled(true);
    setTabCount(1, tr("Metrics"), row);
}

void RunDetailsView::fillTags()
{
    const bool system = m_systemTags->isChecked();
    const QColor grey = palette().color(QPalette::Disabled, QPalette::Text);
    m_tags->setSortingEnabled(false);
    m_tags->setRowCount(0);
    int row = 0, userTags = 0;
    for (auto it = m_tagValues.cbegin(); it != m_tagValues.cend(); ++it) {
        const bool isSystem = it.key().startsWith(systemTagPrefix);
        userTags += isSystem ? 0 : 1;
        if (isSystem && !system)
            continue;
        m_tags->insertRow(row);
        // Group 1 sorts the system tags after the user's own.
        auto* key = SortableItem::text(it.key(), isSystem ? 1 : 0);
        auto* value = SortableItem::text(it.value(), isSystem ? 1 : 0);
        value->setToolTip(it.value());
        if (isSystem) {
            key->setForeground(grey);
            value->setForeground(grey);
        }
        m_tags->setItem(row, 0, key);
        m_tags->setItem(row, 1, value);
        ++row;
    }
    m_tags->setSortingEnabled(true);
    m_tags->sortByColumn(0, Qt::AscendingOrder);
    m_tags->resizeColumnToContents(0);
    setTabCount(2, tr("Tags"), userTags);
    const int systemTags = static_cast<int>(m_tagValues.size()) - userTags;
    m_systemTags->setText(
        systemTags == 1 ? tr("Show 1 system tag (mlflow.*)") : tr("Show %1 system tags (mlflow.*)").arg(systemTags));
    m_systemTags->setEnabled(systemTags > 0 || system);
}

void RunDetailsView::setTabCount(int tab, const QString& name, int count)
{
    m_tabs->setTabText(tab, u"%1 (%2)"_s.arg(name).arg(count));
}
