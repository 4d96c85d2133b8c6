#pragma once

#include <bit>
#include <cstdint>
#include <string_view>
#include <vector>

// What the reader needs from one Event, whichever decoder produced it (the hand-written wire decoder or
// libprotobuf). Views point into the record payload or the parsed message and live only as long as those.
struct DecodedValue {
    enum class Kind { Empty, Scalar, Text, Histogram, Image, Audio, Tensor };
    std::string_view tag;
    Kind kind = Kind::Empty;
    double scalar = 0; // Kind::Scalar
    std::string_view text; // Kind::Text: the first string of a one-element DT_STRING tensor
    bool hasMetadata = false;
    std::string_view pluginName;
    std::string_view pluginContent;

    // Scalars compare by bits, so a NaN equals the same NaN (the decoders are compared with this).
    friend bool operator==(const DecodedValue& a, const DecodedValue& b)
    {
        return a.tag == b.tag && a.kind == b.kind
            && std::bit_cast<std::uint64_t>(a.scalar) == std::bit_cast<std::uint64_t>(b.scalar) && a.text == b.text
            && a.hasMetadata == b.hasMetadata && a.pluginName == b.pluginName && a.pluginContent == b.pluginContent;
    }
};

struct DecodedEvent {
    enum class What { None, FileVersion, Summary, SessionLog, Other };
    double wallTime = 0;
    std::int64_t step = 0;
    What what = What::None;
    std::string_view fileVersion;
    int sessionStatus = 0; // SessionLog.status; 1 = START
    std::vector<DecodedValue> values;

    void clear()
    {
        wallTime = 0;
        step = 0;
        what = What::None;
        fileVersion = {};
        sessionStatus = 0;
        values.clear(); // keeps the capacity: one vector serves a whole file
    }
    friend bool operator==(const DecodedEvent&, const DecodedEvent&) = default;
};
