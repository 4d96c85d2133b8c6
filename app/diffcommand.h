#pragma once

#include <QStringList>

#include <cstdio>

// `runlens diff URI RUN_A RUN_B… [--all] [--format table|json|csv]`: the runs side by side as ParamDiffModel
// builds them (params, non-system tags, metric summaries); only the rows that differ unless --all.
// Runs are named by id or by a unique run name. Exit codes as CommandLine: 0, 1 unreadable, 2 usage.
class DiffCommand final {
public:
    static int run(const QStringList& arguments, FILE* out = stdout, FILE* err = stderr);
    static QString usageText();
};
