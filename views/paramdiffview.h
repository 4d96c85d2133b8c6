#pragma once

#include <QWidget>

class ParamDiffModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QTableView;
struct Run;

// The selected runs side by side (ParamDiffModel): "Differences only", the reference run the highlighting is
// relative to, and copying the table as Markdown (for a report or an issue) or CSV (for a spreadsheet).
class ParamDiffView final : public QWidget {
    Q_OBJECT
public:
    explicit ParamDiffView(QWidget* parent = nullptr);

    void setRuns(const QVector<Run>& runs, const QStringList& labels = {});
    ParamDiffModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    void setDifferencesOnly(bool on);
    void setReferenceRun(int run);

    void copyMarkdown();
    void copyCsv();

private:
    void updateState();

    ParamDiffModel* m_model;
    QTableView* m_table;
    QCheckBox* m_differencesOnly;
    QComboBox* m_reference;
    QLabel* m_summary;
};
