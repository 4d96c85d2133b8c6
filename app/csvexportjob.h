#pragma once

#include "chartdatacsv.h"

#include <QObject>
#include <QString>

class QWidget;

// Writes a chart's full-resolution CSV on the thread pool with a progress dialog that can cancel: tens of millions
// of rows take seconds to minutes, and the GUI must keep painting meanwhile. The file is a QSaveFile, so a
// cancelled or failed export leaves any earlier file of that name as it was — never half of a new one.
class CsvExportJob final : public QObject {
    Q_OBJECT
public:
    // Starts the export and returns at once; the job deletes itself when done. `parent` shows the dialog and
    // any error message.
    static CsvExportJob* start(QWidget* parent, const QString& path, const QVector<ChartDataCsv::Series>& data);

Q_SIGNALS:
    // Empty `error` on success; `cancelled` when the user stopped it (no file written).
    void finished(bool cancelled, const QString& error);

private:
    explicit CsvExportJob(QObject* parent);
};
