#pragma once

#include "chartdatacsv.h"

class MetricChart;
class QWidget;

// File → Export chart…: asks where (the extension picks PNG, SVG, PDF or CSV) and, for PNG, the resolution,
// then writes the chart as shown (same size, zoom, smoothing) or the full-resolution data behind it.
class ChartExportFlow final {
public:
    static void run(QWidget* parent, const MetricChart& chart, const QVector<ChartDataCsv::Series>& data);
    // File → Export all charts…: the grid as it is shown, to PNG (dpi asked), SVG or PDF.
    static void runGrid(QWidget* parent, QWidget& grid);
};
