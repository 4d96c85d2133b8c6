#include "runstatus.h"

#include <array>

namespace {
constexpr std::array<const char16_t*, 6> kNames { u"UNKNOWN", u"RUNNING", u"SCHEDULED", u"FINISHED", u"FAILED",
    u"KILLED" };
}

QString runStatusName(RunStatus status)
{
    const auto i = static_cast<size_t>(status);
    return QString::fromUtf16(i < kNames.size() ? kNames[i] : kNames[0]);
}

RunStatus runStatusFromName(QStringView name)
{
    for (size_t i = 1; i < kNames.size(); ++i) {
        if (name.compare(QStringView(kNames[i]), Qt::CaseInsensitive) == 0)
            return static_cast<RunStatus>(i);
    }
    return RunStatus::Unknown;
}

RunStatus runStatusFromInt(int value)
{
    return value >= 1 && value <= 5 ? static_cast<RunStatus>(value) : RunStatus::Unknown;
}
