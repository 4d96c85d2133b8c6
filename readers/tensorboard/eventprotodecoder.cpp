#include "eventprotodecoder.h"

#include "tensorscalar.h"

#include "event.pb.h"

#include <optional>

struct EventProtoDecoder::Message {
    tensorboard::Event event;
};

namespace {

std::string_view view(const std::string& s) { return std::string_view(s.data(), s.size()); }

std::optional<double> typedScalar(const tensorboard::TensorProto& t)
{
    switch (t.dtype()) {
    case tensorboard::DT_FLOAT:
        if (t.float_val_size() > 0)
            return static_cast<double>(t.float_val(0));
        break;
    case tensorboard::DT_DOUBLE:
        if (t.double_val_size() > 0)
            return t.double_val(0);
        break;
    case tensorboard::DT_INT32:
    case tensorboard::DT_INT16:
    case tensorboard::DT_INT8:
    case tensorboard::DT_UINT8:
    case tensorboard::DT_UINT16:
        if (t.int_val_size() > 0)
            return static_cast<double>(t.int_val(0));
        break;
    case tensorboard::DT_INT64:
        if (t.int64_val_size() > 0)
            return static_cast<double>(t.int64_val(0));
        break;
    case tensorboard::DT_UINT32:
        if (t.uint32_val_size() > 0)
            return static_cast<double>(t.uint32_val(0));
        break;
    case tensorboard::DT_UINT64:
        if (t.uint64_val_size() > 0)
            return static_cast<double>(t.uint64_val(0));
        break;
    case tensorboard::DT_BOOL:
        if (t.bool_val_size() > 0)
            return t.bool_val(0) ? 1.0 : 0.0;
        break;
    case tensorboard::DT_HALF:
    case tensorboard::DT_BFLOAT16:
        if (t.half_val_size() > 0)
            return TensorScalar::fromHalfBits(t.dtype(), static_cast<std::uint32_t>(t.half_val(0)));
        break;
    default:
        break;
    }
    return std::nullopt;
}

void classifyTensor(const tensorboard::TensorProto& t, DecodedValue& value)
{
    value.kind = DecodedValue::Kind::Tensor;
    std::int64_t elements = 1;
    bool knownShape = !t.tensor_shape().unknown_rank();
    for (const auto& dim : t.tensor_shape().dim()) {
        if (dim.size() < 0)
            knownShape = false;
        else if (elements <= (std::int64_t(1) << 40))
            elements *= dim.size();
    }
    if (!knownShape || elements != 1)
        return;
    if (t.dtype() == tensorboard::DT_STRING) {
        if (t.string_val_size() > 0) {
            value.kind = DecodedValue::Kind::Text;
            value.text = view(t.string_val(0));
        }
        return;
    }
    if (!TensorScalar::isNumeric(t.dtype()))
        return;
    const std::optional<double> scalar
        = t.tensor_content().empty() ? typedScalar(t) : TensorScalar::fromContent(t.dtype(), view(t.tensor_content()));
    if (scalar) {
        value.kind = DecodedValue::Kind::Scalar;
        value.scalar = *scalar;
    }
}

void convertValue(const tensorboard::Summary::Value& in, DecodedValue& out)
{
    out.tag = view(in.tag());
    if (in.has_metadata()) {
        out.hasMetadata = true;
        out.pluginName = view(in.metadata().plugin_data().plugin_name());
        out.pluginContent = view(in.metadata().plugin_data().content());
    }
    switch (in.value_case()) {
    case tensorboard::Summary::Value::kSimpleValue:
        out.kind = DecodedValue::Kind::Scalar;
        out.scalar = static_cast<double>(in.simple_value());
        break;
    case tensorboard::Summary::Value::kObsoleteOldStyleHistogram:
    case tensorboard::Summary::Value::kHisto:
        out.kind = DecodedValue::Kind::Histogram;
        break;
    case tensorboard::Summary::Value::kImage:
        out.kind = DecodedValue::Kind::Image;
        break;
    case tensorboard::Summary::Value::kAudio:
        out.kind = DecodedValue::Kind::Audio;
        break;
    case tensorboard::Summary::Value::kTensor:
        classifyTensor(in.tensor(), out);
        break;
    default:
        out.kind = DecodedValue::Kind::Empty;
    }
}

} // namespace

EventProtoDecoder::EventProtoDecoder()
    : m_message(std::make_unique<Message>())
{
}

EventProtoDecoder::~EventProtoDecoder() = default;

bool EventProtoDecoder::decode(std::string_view payload, DecodedEvent& event)
{
    event.clear();
    tensorboard::Event& e = m_message->event;
    if (payload.size() > static_cast<std::size_t>(INT32_MAX)
        || !e.ParseFromArray(payload.data(), static_cast<int>(payload.size())))
        return false;
    event.wallTime = e.wall_time();
    event.step = e.step();
    switch (e.what_case()) {
    case tensorboard::Event::kFileVersion:
        event.what = DecodedEvent::What::FileVersion;
        event.fileVersion = view(e.file_version());
        break;
    case tensorboard::Event::kSummary:
        event.what = DecodedEvent::What::Summary;
        event.values.resize(static_cast<std::size_t>(e.summary().value_size()));
        for (int i = 0; i < e.summary().value_size(); ++i)
            convertValue(e.summary().value(i), event.values[static_cast<std::size_t>(i)]);
        break;
    case tensorboard::Event::kSessionLog:
        event.what = DecodedEvent::What::SessionLog;
        event.sessionStatus = e.session_log().status();
        break;
    case tensorboard::Event::WHAT_NOT_SET:
        event.what = DecodedEvent::What::None;
        break;
    default:
        event.what = DecodedEvent::What::Other;
    }
    return true;
}
