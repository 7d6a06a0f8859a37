// Writes a finished report to its file, as every report writer does.
#pragma once

#include <string>

#include "harness/wire/result.h"

namespace blobconform::report {

// The file is replaced; an error names it when it cannot be written in full.
Result<void> write_report_file(const std::string& file, const std::string& text);

}  // namespace blobconform::report
