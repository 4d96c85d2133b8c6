#include "chartexportflow.h"

#include "chartexporter.h"
#include "csvexportjob.h"
#include "metricchart.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>

void ChartExportFlow::run(QWidget* parent, const MetricChart& chart, const QVector<ChartDataCsv::Series>& data)
{
    if (chart.isShowingPlaceholder() || data.isEmpty()) {
        QMessageBox::information(
            parent, QStringLiteral("Export chart"), QStringLiteral("There is no chart to export: select runs first."));
        return;
    }
    QString filter = QStringLiteral("PNG image (*.png)");
    QString path
        = QFileDialog::getSaveFileName(parent, QStringLiteral("Export chart"), chart.title().replace(u'/', u'_'),
            QStringLiteral("PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf);;CSV data, every point (*.csv)"),
            &filter);
    if (path.isEmpty())
        return;
    if (ChartExporter::formatFor(path) == ChartExporter::Format::Unknown)
        path += filter.contains(u"svg") ? QStringLiteral(".svg")
            : filter.contains(u"pdf")   ? QStringLiteral(".pdf")
            : filter.contains(u"csv")   ? QStringLiteral(".csv")
                                        : QStringLiteral(".png");
    if (ChartExporter::formatFor(path) == ChartExporter::Format::Csv) {
        CsvExportJob::start(parent, path, data); // reports its own errors
        return;
    }
    int dpi = 96;
    if (ChartExporter::formatFor(path) == ChartExporter::Format::Png) {
        bool ok = false;
        const QString choice
            = QInputDialog::getItem(parent, QStringLiteral("Export chart"), QStringLiteral("Resolution (dpi)"),
                { QStringLiteral("96"), QStringLiteral("144"), QStringLiteral("192"), QStringLiteral("300") }, 2,
                false, &ok);
        if (!ok)
            return;
        dpi = choice.toInt();
    }
    QString error;
    ChartExporter::saveImage(chart, path, chart.size(), dpi, &error);
    if (!error.isEmpty())
        QMessageBox::warning(parent, QStringLiteral("Export chart"), error);
}

void ChartExportFlow::runGrid(QWidget* parent, QWidget& grid)
{
    QString filter = QStringLiteral("PNG image (*.png)");
    QString path = QFileDialog::getSaveFileName(parent, QStringLiteral("Export all charts"), QStringLiteral("charts"),
        QStringLiteral("PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"), &filter);
    if (path.isEmpty())
        return;
    if (ChartExporter::formatFor(path) == ChartExporter::Format::Unknown)
        path += filter.contains(u"svg") ? QStringLiteral(".svg")
            : filter.contains(u"pdf")   ? QStringLiteral(".pdf")
                                        : QStringLiteral(".png");
    int dpi = 96;
    if (ChartExporter::formatFor(path) == ChartExporter::Format::Png) {
        bool ok = false;
        const QString choice = QInputDialog::getItem(parent, QStringLiteral("Export all charts"),
            QStringLiteral("Resolution (dpi)"),
            { QStringLiteral("96"), QStringLiteral("144"), QStringLiteral("192"), QStringLiteral("300") }, 1, false, &ok);
        if (!ok)
            return;
        dpi = choice.toInt();
    }
    QString error;
    if (!ChartExporter::saveWidget(grid, path, dpi, &error))
        QMessageBox::warning(parent, QStringLiteral("Export all charts"), error);
}
