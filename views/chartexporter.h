#pragma once

#include <QSize>
#include <QString>

class MetricChart;
class QWidget;

// A chart as a file: PNG (at a chosen dpi), SVG (QSvgGenerator) or PDF (QPdfWriter), by the file's extension.
// The chart is re-rendered at the requested size, not scaled from the screen, so lines stay sharp and the M4
// reduction is made for the output's own pixel columns; series, axis mode, log scale, smoothing, title and
// zoom are those of `chart`.
class ChartExporter final {
public:
    enum class Format { Png, Svg, Pdf, Csv, Unknown };
    static Format formatFor(const QString& path);
    // Needs a QApplication (the offscreen platform is enough). False with *error set on failure.
    static bool saveImage(const MetricChart& chart, const QString& path, QSize size, int dpi, QString* error);
    // A whole widget as it is on screen (the chart grid): PNG at `dpi` (re-rendered, not scaled up), SVG or PDF.
    static bool saveWidget(QWidget& widget, const QString& path, int dpi, QString* error);
};
