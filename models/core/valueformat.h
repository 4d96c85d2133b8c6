#pragma once

#include <QString>

#include <optional>

// How numbers and times read to a person, the same in the table, the details pane and the command line.
namespace ValueFormat {
QString metric(double value); // 6 significant digits; NaN, inf, -inf spelled out
QString exact(double value); // shortest text that parses back to the same double (CSV/JSON)
QString jsonNumberOrString(double value); // MLflow REST spelling: "NaN", "Infinity", "-Infinity"
QString timestamp(std::optional<qint64> ms); // local date and time, empty when unknown
QString duration(std::optional<qint64> ms); // "1h 02m", "3m 05s", "850 ms"
}
