#pragma once

#include "commandline.h"

#include <QByteArray>
#include <QStringList>

#include <cstdio>

// Runs `runlens ARGS…` in-process (CommandLine::run, as main() does) and captures what it writes. For the app
// tests only: the CLI lives in runlens_app, which the other test parts do not link.
struct CliOutput {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

namespace CliRunner {

inline QByteArray readAndClose(FILE* f)
{
    fflush(f);
    rewind(f);
    QByteArray data;
    char buf[65536];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        data.append(buf, static_cast<qsizetype>(n));
    fclose(f);
    return data;
}

inline CliOutput run(const QStringList& args)
{
    FILE* out = tmpfile();
    FILE* err = tmpfile();
    CliOutput o;
    o.exitCode = CommandLine::run(QStringList { QStringLiteral("runlens") } + args, out, err);
    o.out = readAndClose(out);
    o.err = readAndClose(err);
    return o;
}

} // namespace CliRunner
