#pragma once

#include <QStringList>

#include <cstdio>

// `runlens spans FILE [--format table|json|csv]`: the spans of one OneLogger telemetry file with start time,
// duration and nesting depth, as the span timeline draws them. Exit codes as CommandLine: 0, 1 unreadable,
// 2 usage.
class SpansCommand final {
public:
    static int run(const QStringList& arguments, FILE* out = stdout, FILE* err = stderr);
    static QString usageText();
};
