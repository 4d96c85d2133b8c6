#pragma once

#include "decodedevent.h"

#include <memory>
#include <string_view>

// The reference decoder: libprotobuf and the vendored protos. Slower than EventWireDecoder, complete, and what the
// fast path is checked against. The decoded views point into the message this object owns, so they stay valid
// until the next decode().
class EventProtoDecoder final {
public:
    EventProtoDecoder();
    ~EventProtoDecoder();
    EventProtoDecoder(const EventProtoDecoder&) = delete;
    EventProtoDecoder& operator=(const EventProtoDecoder&) = delete;

    bool decode(std::string_view payload, DecodedEvent& event);

private:
    struct Message;
    std::unique_ptr<Message> m_message;
};
