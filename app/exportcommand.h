#pragma once

#include <QStringList>

#include <cstdio>

// `runlens export URI --runs ID[,ID…] --metric KEY [--x step|wall|relative] [--smoothing W] [--log]
// [--size WxH] [--dpi N] -o out.{png,svg,pdf,csv}`: the chart the GUI would draw for those runs, as an image, or
// its full-resolution data as CSV. --smoothing W is TensorBoard's EMA weight (0–0.999); `mlflow:50`, `avg:20`
// and `gauss:5` choose the other smoothings. Images need a QApplication (the offscreen platform is enough).
class ExportCommand final {
public:
    static int run(const QStringList& arguments, FILE* out = stdout, FILE* err = stderr);
    static QString usageText();
};
