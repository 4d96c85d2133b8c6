#include "csvexportjob.h"

#include <QFutureWatcher>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSaveFile>
#include <QTimer>
#include <QWidget>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>

namespace {

// Shared by the worker and the GUI; the dialog polls it, so a fast writer never floods the event loop.
struct Shared {
    std::atomic<qint64> done { 0 };
    std::atomic<bool> cancel { false };
};

struct Outcome {
    bool cancelled = false;
    QString error;
};

} // namespace

CsvExportJob::CsvExportJob(QObject* parent)
    : QObject(parent)
{
}

CsvExportJob* CsvExportJob::start(QWidget* parent, const QString& path, const QVector<ChartDataCsv::Series>& data)
{
    auto* job = new CsvExportJob(parent);
    auto shared = std::make_shared<Shared>();
    const qint64 total = std::max<qint64>(1, ChartDataCsv::rowCount(data));

    auto* dialog = new QProgressDialog(
        tr("Writing %1 rows to %2…").arg(QLocale().toString(total), path), tr("Cancel"), 0, 1000, parent);
    dialog->setWindowTitle(tr("Export chart data"));
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(400); // a small export finishes before any dialog flashes up
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    dialog->setValue(0);
    connect(dialog, &QProgressDialog::canceled, job, [shared]() { shared->cancel = true; });
    auto* poll = new QTimer(job);
    poll->setInterval(100);
    connect(poll, &QTimer::timeout, dialog, [dialog, shared, total]() {
        dialog->setValue(static_cast<int>(shared->done.load() * 1000 / total));
    });
    poll->start();

    auto* watcher = new QFutureWatcher<Outcome>(job);
    connect(watcher, &QFutureWatcherBase::finished, job, [job, watcher, dialog, parent, path]() {
        const Outcome outcome = watcher->result();
        dialog->close();
        dialog->deleteLater();
        if (!outcome.error.isEmpty() && parent)
            QMessageBox::warning(parent, tr("Export chart data"), outcome.error);
        Q_EMIT job->finished(outcome.cancelled, outcome.error);
        job->deleteLater();
    });
    // The worker owns copies of everything it reads (the snapshots are immutable and shared), so closing the
    // window meanwhile cannot pull data from under it.
    watcher->setFuture(QtConcurrent::run([shared, path, data]() {
        Outcome outcome;
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            outcome.error = tr("Cannot write %1: %2").arg(path, file.errorString());
            return outcome;
        }
        const bool written = ChartDataCsv::write(data, file, [&shared](qint64 done, qint64) {
            shared->done = done;
            return !shared->cancel.load();
        });
        if (shared->cancel) {
            file.cancelWriting();
            outcome.cancelled = true;
        } else if (!written || !file.commit()) {
            outcome.error = tr("Cannot write %1: %2").arg(path, file.errorString());
        }
        return outcome;
    }));
    return job;
}
