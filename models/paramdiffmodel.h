#pragma once

#include "run.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <QVector>

// Runs side by side: one column per run (after the Section and Key columns), one row per param, tag and metric
// summary (latest, min, max, step of latest) found in any of them. Keys are shown as written (nested keys such
// as `model/lr` stay flattened). Cells that differ from the reference run's are highlighted (BackgroundRole);
// "differences only" hides rows where every run has the same value (a missing value counts as different).
class ParamDiffModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SectionColumn, KeyColumn, FirstRunColumn };
    enum class Section { Param, Tag, Metric };

    explicit ParamDiffModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // `labels` name the columns (defaults: run name, else the first 8 characters of the id).
    void setRuns(const QVector<Run>& runs, const QStringList& labels = {});
    int runCount() const { return static_cast<int>(m_runs.size()); }
    QString runLabel(int run) const { return m_labels.value(run); }
    const Run& run(int run) const { return m_runs.at(run); }

    void setShowDifferencesOnly(bool on);
    bool showDifferencesOnly() const { return m_differencesOnly; }
    // The run (0-based, not the model column) others are compared with; clamped to the runs there are.
    void setReferenceRun(int run);
    int referenceRun() const { return m_reference; }
    // Tags MLflow sets itself (mlflow.*) are hidden unless asked for: they differ in every run and say little.
    void setShowSystemTags(bool on);

    Section rowSection(int row) const;
    QString rowKey(int row) const; // e.g. "lr", "model/lr", "loss (min)"
    // The raw value: QString for params and tags, double for metric values, qint64 for steps; invalid if missing.
    QVariant rawValue(int row, int run) const;
    QString displayText(int row, int run) const; // "" when the run does not have it
    bool rowDiffers(int row) const; // not every run has the same value
    bool differsFromReference(int row, int run) const;

    // What is shown (differences only or all rows), for pasting into a report or a spreadsheet.
    QString toMarkdown() const;
    QString toCsv() const;

    static QString sectionName(Section section);

private:
    struct Row {
        Section section;
        QString key; // param/tag/metric key
        int field = 0; // metrics: MetricField
        QString label; // key as shown
        QVector<QVariant> values; // per run; invalid = missing
        QStringList comparable; // per run: exact text used for equality ("\x01missing" when missing)
        bool differs = false;
    };
    void rebuild();
    void applyFilter();

    QVector<Run> m_runs;
    QStringList m_labels;
    QVector<Row> m_allRows;
    QVector<int> m_visible; // indexes into m_allRows
    bool m_differencesOnly = false;
    bool m_systemTags = false;
    int m_reference = 0;
};
