#include "readresult.h"

QString ReadWarning::toString() const
{
    switch (where) {
    case Where::Line:
        return file + u':' + QString::number(location) + u": " + message;
    case Where::ByteOffset:
        return file + u'@' + QString::number(location) + u": " + message;
    case Where::Nowhere:
        break;
    }
    return file.isEmpty() ? message : file + u": " + message;
}
