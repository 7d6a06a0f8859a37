#include "harness/cases/case_model.h"

namespace blobconform::cases {

const char* level_name(Level level) {
  switch (level) {
    case Level::Must: return "must";
    case Level::Should: return "should";
    case Level::Info: return "info";
  }
  return "must";
}

}  // namespace blobconform::cases
