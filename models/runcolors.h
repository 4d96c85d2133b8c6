#pragma once

#include "runkey.h"

#include <QColor>
#include <QHash>

// One stable colour per run, shared by the run table and every chart: a run keeps its colour for the session
// whatever is selected, sorted or filtered. Colours come from a palette chosen to stay distinct on white.
class RunColors final {
public:
    QColor colorFor(const RunKey& key);
    void clear() { m_assigned.clear(); }

private:
    QHash<RunKey, int> m_assigned;
};
