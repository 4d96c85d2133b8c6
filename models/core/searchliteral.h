#pragma once

#include <QStringView>

// Numbers in a search expression read as MLflow reads them (Python's float()): a literal too large for a double is
// ±inf and one too small is ±0, never an error.
namespace SearchLiteral {

// `literal` holds only what the scanner lets through: ASCII digits, '.', '-', 'e'/'E'.
double toDouble(QStringView literal);

} // namespace SearchLiteral
