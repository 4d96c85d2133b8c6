#pragma once

#include "chartsettings.h"
#include "metricchart.h"
#include "spantimelinelayout.h"

#include <QHash>
#include <QMap>
#include <QWidget>

#include <optional>

class ChartControls;
class QGridLayout;
class QLabel;
class QLineEdit;
class QScrollArea;
class QTimer;
class SpanTimelineView;
class QToolButton;

// Every metric of the selected runs, one chart per key, in sections by the key's prefix (system metrics on
// their own, on wall time). Charts are made and fed only when scrolled into view, so a run with hundreds of
// metrics costs what the screen shows. The charts share the settings bar, a search over metric names, their
// x range (zoom or pan one, the others follow) and the hover crosshair, among charts on the same x axis.
// The grid knows no data source: it says which keys are on screen and is handed their series.
class ChartGrid final : public QWidget {
    Q_OBJECT
public:
    explicit ChartGrid(QWidget* parent = nullptr);
    ~ChartGrid() override;

    void setMetricKeys(const QStringList& keys);
    QStringList metricKeys() const { return m_keys; }
    QStringList shownKeys() const; // after the search filter, in display order
    // Keys whose charts are on screen (or nearly): the ones worth loading.
    QStringList visibleKeys() const;
    bool isSettling() const; // a check of what is on screen is still due
    void setSeries(const QString& key, const QVector<ChartSeries>& series);
    MetricChart* chartFor(const QString& key) const; // nullptr until the key's chart was first on screen
    MetricChart* currentChart() const; // the one last hovered or clicked (for export), else the first made
    QString currentKey() const { return m_currentKey; }
    void setCurrentKey(const QString& key); // scrolls to its chart

    ChartControls* controls() const { return m_controls; }
    ChartSettings settings() const;
    XAxisMode xModeFor(const QString& key) const;
    void setFilterText(const QString& text);
    void focusSearch();
    void setStatus(const QString& text); // e.g. "loading 3 of 5 series…"
    void setPlaceholder(const QString& text); // shown instead of the grid when there are no keys
    QWidget* gridContents() const; // what "export grid" renders
    // Telemetry spans of the charted runs, drawn in a "Timeline" section above the charts on their wall-time axis:
    // zoom and hover are shared with every chart on wall time. No lane with a span: no section.
    void setSpanLanes(const QVector<SpanLane>& lanes);
    SpanTimelineView* timeline() const { return m_timeline; }

Q_SIGNALS:
    void visibleKeysChanged();
    void settingsChanged();
    void currentChartChanged(const QString& key);

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Section {
        QString name;
        QToolButton* header = nullptr;
        QWidget* body = nullptr;
        QGridLayout* grid = nullptr;
        QStringList keys; // all of the section's keys, sorted
    };
    struct Tile {
        QWidget* frame = nullptr;
        MetricChart* chart = nullptr;
    };

    void rebuildSections();
    void relayout();
    void scheduleVisibilityCheck();
    void checkVisibility();
    MetricChart* makeChart(const QString& key, QWidget* frame);
    void applySettings(const QString& key, MetricChart* chart);
    void onChartRange(MetricChart* chart, double from, double to);
    void onChartHover(MetricChart* chart, double x);
    void onTimelineRange(double from, double to);
    // Gives every wall-time chart and the timeline the union of their extents (MetricChart::setWallTimeFrame).
    void updateWallTimeFrame();
    int columnCount() const;

    ChartControls* m_controls;
    QLineEdit* m_search;
    QLabel* m_status;
    QLabel* m_placeholder;
    QScrollArea* m_scroll;
    QWidget* m_contents;
    QTimer* m_visibilityTimer;
    QToolButton* m_timelineHeader = nullptr;
    SpanTimelineView* m_timeline = nullptr;
    QStringList m_keys;
    QList<Section> m_sections;
    QHash<QString, Tile> m_tiles;
    QHash<QString, QVector<ChartSeries>> m_pendingSeries; // handed over before the chart existed
    QStringList m_visible;
    QString m_currentKey;
    ChartSettings m_settings;
    // The shared zoom per x-axis mode: charts made later start with it. Empty: not zoomed.
    QMap<int, std::pair<double, double>> m_linkedRange;
    bool m_syncing = false;
    int m_columns = 0;
};
