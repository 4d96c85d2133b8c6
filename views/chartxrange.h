#pragma once

#include "chartaxes.h"

#include <utility>

// Where a requested visible x range lands on a chart whose x extent is [fullFrom, fullTo]: the rules a zoom and a
// pan follow, whichever input asked for them.
class ChartXRange final {
public:
    // Never wider than the extent, never narrower than a few steps (or milliseconds), and moved inside it.
    static std::pair<double, double> clamped(double from, double to, double fullFrom, double fullTo, XAxisMode mode);
    // How far a pan by `fraction` of [from, to] moves in x, as a whole number of the `pixels` device pixels across the
    // plot, and only as far as whole pixels go at the extent's ends (0: it cannot move). So the columns still in
    // view keep their points, and the reduction reuses them (ColumnMemo).
    static double panShift(double fraction, double from, double to, double fullFrom, double fullTo, double pixels);
};
