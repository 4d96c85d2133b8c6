#pragma once

#include <QStringList>

// `runlens-bench tfevents LOGDIR [--threads 1,2] [--repeat K] [--peer-python PY --peer-script make_tb_logdir.py]`
// `args` are the arguments after "tfevents". Returns the process exit code.
int runTfeventsBench(const QStringList& args);
