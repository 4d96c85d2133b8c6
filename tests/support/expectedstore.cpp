#include "expectedstore.h"
