#pragma once

// `runlens-bench charts [--runs 50] [--points 1000000] [--width 1200] [--height 700] [--frames 50]
//  [--naive-frames 10] [--screenshot PATH]`: a MetricChart over many long series held in memory (DESIGN.md §4,
// issue 5 "Performance"). Builds its own QApplication (offscreen unless QT_QPA_PLATFORM says otherwise), so it
// is called with main's argc/argv before any other application object exists. Returns the process exit code.
int runChartsBench(int argc, char* argv[]);
