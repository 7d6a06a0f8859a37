#include "harness/report/report_file.h"

#include <fstream>

namespace blobconform::report {

Result<void> write_report_file(const std::string& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  if (!out) return fail("cannot write " + file);
  out << text;
  out.close();
  if (!out) return fail("cannot write " + file);
  return {};
}

}  // namespace blobconform::report
