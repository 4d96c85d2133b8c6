#pragma once

#include <QStringList>

#include <cstdio>

// `runlens ls|show|metrics …`: thin commands over the same readers the GUI uses, for scripts and tests.
// Output goes to stdout, problems to stderr (each naming the file and what is wrong); exit code 0 on success,
// 1 when the store or run cannot be read, 2 for a usage error.
class CommandLine final {
public:
    static bool isCommand(const QString& word);
    static int run(const QStringList& arguments, FILE* out = stdout, FILE* err = stderr);
};
