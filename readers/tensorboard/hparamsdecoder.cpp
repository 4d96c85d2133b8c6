#include "hparamsdecoder.h"

#include "hparams_plugin_data.pb.h"

#include <QLocale>

namespace {

// google.protobuf.Value as a param string: numbers in their shortest round-trip form (32 → "32", 0.1 → "0.1"),
// bools as "true"/"false", lists as JSON-like text.
QString valueText(const google::protobuf::Value& v)
{
    switch (v.kind_case()) {
    case google::protobuf::Value::kNumberValue:
        return QString::number(v.number_value(), 'g', QLocale::FloatingPointShortest);
    case google::protobuf::Value::kStringValue:
        return QString::fromStdString(v.string_value());
    case google::protobuf::Value::kBoolValue:
        return v.bool_value() ? QStringLiteral("true") : QStringLiteral("false");
    case google::protobuf::Value::kListValue: {
        QStringList items;
        for (const auto& item : v.list_value().values())
            items << valueText(item);
        return u'[' + items.join(QStringLiteral(", ")) + u']';
    }
    default:
        return {};
    }
}

} // namespace

HParamsDecoder::Decoded HParamsDecoder::decode(std::string_view content)
{
    Decoded out;
    tensorboard::hparams::HParamsPluginData data;
    if (content.size() > static_cast<std::size_t>(INT32_MAX)
        || !data.ParseFromArray(content.data(), static_cast<int>(content.size())))
        return out;
    out.valid = true;
    if (data.has_session_start_info()) {
        for (const auto& [key, value] : data.session_start_info().hparams())
            out.hparams.insert(QString::fromStdString(key), valueText(value));
    }
    if (data.has_session_end_info())
        out.endStatus = data.session_end_info().status();
    return out;
}
