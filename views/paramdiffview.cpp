#include "paramdiffview.h"

#include "elidingheaderview.h"
#include "paramdiffmodel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableView>
#include <QVBoxLayout>

ParamDiffView::ParamDiffView(QWidget* parent)
    : QWidget(parent)
    , m_model(new ParamDiffModel(this))
    , m_table(new QTableView(this))
    , m_differencesOnly(new QCheckBox(tr("Differences only"), this))
    , m_reference(new QComboBox(this))
    , m_summary(new QLabel(this))
{
    m_table->setModel(m_model);
    m_table->setAlternatingRowColors(false); // the highlight must be the only colour that means something
    m_table->setWordWrap(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setHorizontalHeader(new ElidingHeaderView(Qt::Horizontal, m_table));
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setTextElideMode(Qt::ElideRight);
    m_reference->setToolTip(tr("Cells that differ from this run are highlighted"));
    // A long run name must not widen the pane; the list still shows whole names.
    m_reference->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_reference->setMinimumContentsLength(8);
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    m_differencesOnly->setChecked(true);
    m_model->setShowDifferencesOnly(true);

    auto* copyMarkdownButton = new QPushButton(tr("Markdown"), this);
    auto* copyCsvButton = new QPushButton(tr("CSV"), this);
    copyMarkdownButton->setToolTip(tr("Copy the table as Markdown"));
    copyCsvButton->setToolTip(tr("Copy the table as CSV"));
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 4, 4, 0);
    bar->addWidget(m_differencesOnly);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(tr("Reference"), this));
    bar->addWidget(m_reference);
    bar->addStretch();
    bar->addWidget(new QLabel(tr("Copy:"), this));
    bar->addWidget(copyMarkdownButton);
    bar->addWidget(copyCsvButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_summary);

    connect(m_differencesOnly, &QCheckBox::toggled, this, [this](bool on) {
        m_model->setShowDifferencesOnly(on);
        updateState();
    });
    connect(m_reference, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0)
            m_model->setReferenceRun(i);
    });
    connect(copyMarkdownButton, &QPushButton::clicked, this, &ParamDiffView::copyMarkdown);
    connect(copyCsvButton, &QPushButton::clicked, this, &ParamDiffView::copyCsv);
    updateState();
}

void ParamDiffView::setRuns(const QVector<Run>& runs, const QStringList& labels)
{
    m_model->setRuns(runs, labels);
    {
        const QSignalBlocker block(m_reference);
        m_reference->clear();
        for (int i = 0; i < m_model->runCount(); ++i)
            m_reference->addItem(m_model->runLabel(i));
        m_reference->setCurrentIndex(m_model->referenceRun());
    }
    m_table->resizeColumnsToContents();
    for (int c = ParamDiffModel::FirstRunColumn; c < m_model->columnCount(); ++c)
        m_table->setColumnWidth(c, std::min(m_table->columnWidth(c), 220)); // long tag values must not push runs away
    updateState();
}

void ParamDiffView::setDifferencesOnly(bool on) { m_differencesOnly->setChecked(on); }

void ParamDiffView::setReferenceRun(int run) { m_reference->setCurrentIndex(run); }

void ParamDiffView::copyMarkdown() { QApplication::clipboard()->setText(m_model->toMarkdown()); }

void ParamDiffView::copyCsv() { QApplication::clipboard()->setText(m_model->toCsv()); }

void ParamDiffView::updateState()
{
    const int runs = m_model->runCount();
    if (runs < 2) {
        m_summary->setText(runs == 0 ? tr("Select two or more runs to compare them")
                                     : tr("Select more runs to compare them with this one"));
        return;
    }
    m_summary->setText(m_model->showDifferencesOnly()
            ? tr("%1 runs · %2 rows that differ").arg(runs).arg(m_model->rowCount())
            : tr("%1 runs · %2 rows").arg(runs).arg(m_model->rowCount()));
}
