#include "storefiles.h"

#include <QStringDecoder>
#include <QThread>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

std::optional<QString> decodeUtf8(const std::string& bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString s = decoder.decode(QByteArrayView(bytes.data(), static_cast<qsizetype>(bytes.size())));
    if (decoder.hasError())
        return std::nullopt;
    return s;
}

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

} // namespace

std::optional<QByteArray> StoreFiles::readFile(const std::string& path, QList<ReadWarning>& warnings)
{
    // Plain POSIX I/O: this runs for every param, tag and metric file of every run, and QFile's per-open cost
    // shows at 10^5 files.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        warnings.append(ReadWarning::at(display(path), u"cannot read: " + errnoText(errno)));
        return std::nullopt;
    }
    // Read straight into a buffer of the file's size (one copy); keep reading past it in case the file grows.
    QByteArray data;
    struct stat st {};
    const qsizetype capacity = (::fstat(fd, &st) == 0 && st.st_size > 0) ? static_cast<qsizetype>(st.st_size) + 1 : 4096;
    data.resize(capacity);
    qsizetype used = 0;
    for (;;) {
        if (used == data.size())
            data.resize(data.size() * 2);
        const ssize_t n = ::read(fd, data.data() + used, static_cast<size_t>(data.size() - used));
        if (n > 0) {
            used += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            warnings.append(ReadWarning::at(display(path), u"cannot read: " + errnoText(errno)));
            ::close(fd);
            return std::nullopt;
        }
        break;
    }
    data.truncate(used);
    ::close(fd);
    return data;
}

std::optional<YAML::Node> StoreFiles::readYaml(const std::string& path, QList<ReadWarning>& warnings)
{
    if (!exists(path)) {
        warnings.append(ReadWarning::at(display(path), QStringLiteral("missing meta.yaml; folder skipped")));
        return std::nullopt;
    }
    for (int attempt = 0;; ++attempt) {
        auto bytes = readFile(path, warnings);
        if (!bytes)
            return std::nullopt;
        if (bytes->trimmed().isEmpty()) {
            if (attempt == 0) {
                QThread::msleep(100);
                continue;
            }
            warnings.append(ReadWarning::at(display(path), QStringLiteral("meta.yaml is empty; folder skipped")));
            return std::nullopt;
        }
        try {
            YAML::Node node = YAML::Load(bytes->toStdString());
            if (!node.IsMap()) {
                warnings.append(
                    ReadWarning::at(display(path), QStringLiteral("meta.yaml is not a YAML mapping; folder skipped")));
                return std::nullopt;
            }
            return node;
        } catch (const YAML::Exception& e) {
            warnings.append(ReadWarning::atLine(display(path), e.mark.line + 1,
                u"meta.yaml is not valid YAML (" + QString::fromStdString(e.msg) + u"); folder skipped"));
            return std::nullopt;
        }
    }
}

std::vector<StoreFiles::Entry> StoreFiles::list(const std::string& dir, bool directories, QList<ReadWarning>& warnings)
{
    std::vector<Entry> out;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        warnings.append(ReadWarning::at(display(dir), u"cannot list folder: " + QString::fromStdString(ec.message())));
        return out;
    }
    for (const fs::directory_entry& e : it) {
        std::error_code typeEc;
        const bool isDir = e.is_directory(typeEc);
        if (isDir != directories)
            continue;
        const std::string name = e.path().filename().string();
        const auto decoded = decodeUtf8(name);
        if (!decoded) {
            warnings.append(ReadWarning::at(display(e.path().string()),
                QStringLiteral("file name is not valid UTF-8; skipped (MLflow keys are UTF-8)")));
            continue;
        }
        out.push_back({ *decoded, e.path().string() });
    }
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
    return out;
}

std::vector<StoreFiles::Entry> StoreFiles::walkKeys(const std::string& dir, QList<ReadWarning>& warnings)
{
    std::vector<Entry> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return out; // a run without params/ or metrics/ simply has none
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        warnings.append(ReadWarning::at(display(dir), u"cannot list folder: " + QString::fromStdString(ec.message())));
        return out;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec)
            break;
        std::error_code typeEc;
        if (!it->is_regular_file(typeEc))
            continue;
        const std::string rel = it->path().lexically_relative(dir).generic_string();
        const auto key = decodeUtf8(rel);
        if (!key) {
            warnings.append(ReadWarning::at(display(it->path().string()),
                QStringLiteral("file name is not valid UTF-8; key skipped (MLflow keys are UTF-8)")));
            continue;
        }
        out.push_back({ *key, it->path().string() });
    }
    if (ec)
        warnings.append(ReadWarning::at(display(dir), u"cannot list folder: " + QString::fromStdString(ec.message())));
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
    return out;
}

QMap<QString, QString> StoreFiles::readKeyValues(const std::string& dir, QList<ReadWarning>& warnings)
{
    QMap<QString, QString> out;
    for (const Entry& e : walkKeys(dir, warnings)) {
        if (auto bytes = readFile(e.path, warnings))
            out.insert(e.name, QString::fromUtf8(*bytes));
    }
    return out;
}

bool StoreFiles::isDirectory(const std::string& path)
{
    std::error_code ec;
    return fs::is_directory(path, ec);
}

bool StoreFiles::exists(const std::string& path)
{
    std::error_code ec;
    return fs::exists(path, ec);
}

namespace MetaValue {

bool has(const YAML::Node& node, const char* key)
{
    const YAML::Node v = node[key];
    return v && !v.IsNull();
}

QString string(const YAML::Node& node, const char* key)
{
    const YAML::Node v = node[key];
    if (!v || v.IsNull() || !v.IsScalar())
        return {};
    return QString::fromStdString(v.Scalar());
}

std::optional<qint64> integer(const YAML::Node& node, const char* key)
{
    const YAML::Node v = node[key];
    if (!v || v.IsNull() || !v.IsScalar())
        return std::nullopt;
    bool ok = false;
    const qint64 n = QByteArray::fromStdString(v.Scalar()).toLongLong(&ok);
    if (ok)
        return n;
    const double d = QByteArray::fromStdString(v.Scalar()).toDouble(&ok);
    return ok ? std::optional<qint64>(static_cast<qint64>(d)) : std::nullopt;
}

} // namespace MetaValue
