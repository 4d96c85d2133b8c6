#pragma once

#include <QMap>
#include <QString>
#include <QWidget>

struct Experiment;
struct MetricSummary;
struct Run;

QT_BEGIN_NAMESPACE
class QCheckBox;
class QGridLayout;
class QLabel;
class QStackedLayout;
class QTabWidget;
class QTableWidget;
class QTextBrowser;
QT_END_NAMESPACE

// Everything known about one run: a header of its identity and provenance, its description (the
// mlflow.note.content tag) as Markdown, and sortable tables of params, metrics and tags. Every value can be
// selected and copied (Ctrl+C copies the selected table cells as tab-separated text).
class RunDetailsView final : public QWidget {
    Q_OBJECT

public:
    explicit RunDetailsView(QWidget* parent = nullptr);

    // nullptr clears the view and shows "Select a run". The view copies what it shows; neither pointer is kept.
    // `parent`: the run named by the run's parent id, when it is known (shown by name, with its id).
    void setRun(const Run* run, const Experiment* experiment, const Run* parent = nullptr);
    bool hasRun() const;
    // Tags in the mlflow.* namespace are MLflow's bookkeeping; hidden unless asked for.
    void setShowSystemTags(bool show);
    bool showsSystemTags() const;
    // The text shown for a header field: "Run ID", "Status", "Experiment", "User", "Start", "Duration",
    // "Source", "Git commit", "Parent run", "Artifact URI".
    QString fieldText(const QString& field) const;

    static QString formatDuration(qint64 ms);

private:
    void addField(const QString& field, const QString& title, int row, int column, bool wide);
    void setField(const QString& field, const QString& text);
    void fillTags();
    void fillMetrics(const QMap<QString, MetricSummary>& metrics);
    void setTabCount(int tab, const QString& name, int count);

    QStackedLayout* m_stack;
    QLabel* m_empty;
    QLabel* m_name;
    QLabel* m_status;
    QGridLayout* m_fields;
    QMap<QString, QLabel*> m_values;
    QTextBrowser* m_description;
    QTabWidget* m_tabs;
    QTableWidget* m_params;
    QTableWidget* m_metrics;
    QTableWidget* m_tags;
    QCheckBox* m_systemTags;
    QMap<QString, QString> m_tagValues;
};
