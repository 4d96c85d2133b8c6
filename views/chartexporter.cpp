#include "chartexporter.h"

#include "metricchart.h"

#include <QChart>
#include <QCoreApplication>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QWidget>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

constexpr double screenDpi = 96;

void render(MetricChart& chart, QPainter& painter, const QRectF& target)
{
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    QChart* qchart = chart.chart();
    // The chart's background item is hidden (on screen the view paints its white): white for SVG and PDF too.
    painter.fillRect(target, Qt::white);
    qchart->scene()->render(&painter, target, qchart->sceneBoundingRect());
}

// One picture of `size` logical pixels in the file's format: PNG at `dpi` (drawn at that resolution, not
// scaled up), SVG or a one-page PDF at screen resolution (1 pixel = 0.75 pt). `draw` paints it.
bool writePicture(ChartExporter::Format format, const QString& path, QSize size, int dpi, const QString& title,
    const std::function<void(QPainter&)>& draw, QString* error)
{
    QPainter painter;
    if (format == ChartExporter::Format::Png) {
        const double ratio = dpi / screenDpi;
        QImage image(size * ratio, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(ratio);
        image.setDotsPerMeterX(static_cast<int>(dpi / 0.0254));
        image.setDotsPerMeterY(static_cast<int>(dpi / 0.0254));
        image.fill(Qt::white);
        painter.begin(&image);
        draw(painter);
        painter.end();
        if (!image.save(path, "PNG")) {
            *error = u"cannot write "_s + path;
            return false;
        }
        return true;
    }
    if (format == ChartExporter::Format::Svg) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setResolution(static_cast<int>(screenDpi));
        svg.setTitle(title);
        svg.setDescription(u"RunLens chart"_s);
        if (!painter.begin(&svg)) {
            *error = u"cannot write "_s + path;
            return false;
        }
        draw(painter);
        return painter.end();
    }
    QPdfWriter pdf(path);
    pdf.setResolution(static_cast<int>(screenDpi));
    pdf.setPageSize(QPageSize(QSizeF(size) * 72.0 / screenDpi, QPageSize::Point));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setTitle(title);
    pdf.setCreator(u"RunLens"_s);
    if (!painter.begin(&pdf)) {
        *error = u"cannot write "_s + path;
        return false;
    }
    draw(painter);
    return painter.end();
}

} // namespace

ChartExporter::Format ChartExporter::formatFor(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"png")
        return Format::Png;
    if (suffix == u"svg")
        return Format::Svg;
    if (suffix == u"pdf")
        return Format::Pdf;
    return suffix == u"csv" ? Format::Csv : Format::Unknown;
}

bool ChartExporter::saveImage(const MetricChart& source, const QString& path, QSize size, int dpi, QString* error)
{
    const Format format = formatFor(path);
    if (format == Format::Csv || format == Format::Unknown) {
        *error = u"cannot tell the image format of '%1' (use .png, .svg or .pdf)"_s.arg(path);
        return false;
    }
    if (size.width() < 100 || size.height() < 80 || dpi < 24 || dpi > 1200) {
        *error = u"an image needs at least 100x80 pixels and 24-1200 dpi"_s;
        return false;
    }
    const double ratio = format == Format::Png ? dpi / screenDpi : 1.0;
    MetricChart chart;
    chart.setAttribute(Qt::WA_DontShowOnScreen);
    chart.setRenderPixelRatio(ratio);
    chart.setXAxisMode(source.xAxisMode(), source.xMetric());
    chart.setLogY(source.logYRequested());
    chart.setSmoothing(source.smoothing());
    chart.setIgnoreOutliers(source.ignoresOutliers());
    chart.setYAxisTitle(source.yAxisTitle());
    chart.setTitle(source.title());
    chart.setSeries(source.series());
    chart.resize(size);
    chart.show();
    // The chart lays itself out in posted events; deliver them (no input, no timers) before painting.
    QCoreApplication::sendPostedEvents();
    if (source.isZoomed())
        chart.setVisibleXRange(source.visibleFrom(), source.visibleTo());
    QCoreApplication::sendPostedEvents();
    const QRectF target(QPointF(0, 0), QSizeF(size));
    return writePicture(
        format, path, size, dpi, source.title(), [&](QPainter& painter) { render(chart, painter, target); }, error);
}

bool ChartExporter::saveWidget(QWidget& widget, const QString& path, int dpi, QString* error)
{
    const Format format = formatFor(path);
    if (format == Format::Csv || format == Format::Unknown) {
        *error = u"cannot tell the image format of '%1' (use .png, .svg or .pdf)"_s.arg(path);
        return false;
    }
    if (dpi < 24 || dpi > 1200) {
        *error = u"the resolution must be 24-1200 dpi"_s;
        return false;
    }
    return writePicture(format, path, widget.size(), dpi, QString(),
        [&](QPainter& painter) {
            painter.setRenderHint(QPainter::Antialiasing);
            widget.render(&painter);
        },
        error);
}
