#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

// tensorboardX writers kept open in a Python process (make_tb_fixture.py --live), one command at a time, so that a
// test can grow event files between two reads as a training job would. Compiled into the test that includes it:
// RUNLENS_PYTHON_TB and RUNLENS_TB_FIXTURE_SCRIPT are that test's definitions (tests/fixtures/tensorboard.cmake);
// without them start() fails.
class LiveTensorBoardWriter final {
public:
    ~LiveTensorBoardWriter()
    {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(30000))
            m_process.kill();
    }
    bool start(const QString& logdir)
    {
#ifdef RUNLENS_PYTHON_TB
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral(RUNLENS_PYTHON_TB),
            { QStringLiteral(RUNLENS_TB_FIXTURE_SCRIPT), QStringLiteral("--live"), logdir });
        return m_process.waitForStarted(30000);
#else
        Q_UNUSED(logdir)
        return false;
#endif
    }
    QByteArray command(const QString& line)
    {
        m_process.write(line.toUtf8() + '\n');
        while (!m_process.canReadLine()) {
            if (!m_process.waitForReadyRead(120000))
                return "no answer to " + line.toUtf8();
        }
        return m_process.readLine().trimmed();
    }
    // Several commands, each answered "ok"; the first other answer, or empty.
    QByteArray commands(const QStringList& lines)
    {
        for (const QString& line : lines) {
            const QByteArray answer = command(line);
            if (answer != "ok")
                return line.toUtf8() + ": " + answer;
        }
        return {};
    }

private:
    QProcess m_process;
};

