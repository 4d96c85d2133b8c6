#pragma once

#include <QMap>
#include <QString>

#include <optional>
#include <string_view>

// The hparams plugin's payload (SummaryMetadata.plugin_data.content of the `_hparams_/…` tags, a serialized
// HParamsPluginData; reference/tensorboard.md §4.8, §5.3), parsed with libprotobuf: it is rare and not hot.
class HParamsDecoder final {
public:
    struct Decoded {
        QMap<QString, QString> hparams; // SessionStartInfo.hparams, values as text
        std::optional<int> endStatus; // SessionEndInfo.status: 1 SUCCESS, 2 FAILURE, 3 RUNNING
        bool valid = false;
    };
    static Decoded decode(std::string_view content);
};
