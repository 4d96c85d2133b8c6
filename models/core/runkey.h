#pragma once

#include <QHashFunctions>
#include <QString>

// A run is identified by the source it came from and its id there; run ids are only unique per source.
struct RunKey {
    QString sourceUri;
    QString runId;

    friend bool operator==(const RunKey&, const RunKey&) = default;
    friend size_t qHash(const RunKey& key, size_t seed = 0) noexcept
    {
        return qHashMulti(seed, key.sourceUri, key.runId);
    }
};
