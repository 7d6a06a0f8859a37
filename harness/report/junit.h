// JUnit XML as CI systems read it, mapped as case-format §7 says.
#pragma once

#include <string>

#include "harness/report/run_record.h"
#include "harness/wire/result.h"

namespace blobconform::report {

std::string junit_xml(const RunRecord& record);
Result<void> write_junit(const RunRecord& record, const std::string& path);

}  // namespace blobconform::report
