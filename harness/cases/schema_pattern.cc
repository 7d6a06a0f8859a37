#define PCRE2_CODE_UNIT_WIDTH 8
#include "harness/cases/schema_pattern.h"

#include <pcre2.h>

namespace blobconform::cases {
namespace {

std::string error_text(int code) {
  PCRE2_UCHAR buffer[256];
  int n = pcre2_get_error_message(code, buffer, sizeof buffer);
  return n < 0 ? "PCRE2 error " + std::to_string(code) : std::string(reinterpret_cast<const char*>(buffer), n);
}

// One match block per thread, reused by every search on it (a search only needs the whole match).
pcre2_match_data* thread_match_data() {
  struct Free {
    void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
  };
  thread_local std::unique_ptr<pcre2_match_data, Free> data(pcre2_match_data_create(1, nullptr));
  return data.get();
}

}  // namespace

struct SchemaPattern::Code {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  ~Code() {
    pcre2_match_context_free(context);
    pcre2_code_free(code);
  }
};

Result<SchemaPattern> SchemaPattern::compile(std::string_view pattern) {
  auto compiled = std::make_shared<Code>();
  int error = 0;
  PCRE2_SIZE offset = 0;
  compiled->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                 PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_ALT_BSUX,
                                 &error, &offset, nullptr);
  if (!compiled->code) return fail(error_text(error) + " at offset " + std::to_string(offset));
  pcre2_jit_compile(compiled->code, PCRE2_JIT_COMPLETE);  // without a JIT, searches interpret
  compiled->context = pcre2_match_context_create(nullptr);
  if (!compiled->context) return fail("out of memory");
  pcre2_set_match_limit(compiled->context, kMaxPatternMatchSteps);
  return SchemaPattern(std::move(compiled));
}

Result<bool> SchemaPattern::search(std::string_view subject) const {
  pcre2_match_data* data = thread_match_data();
  if (!data) return fail("out of memory");
  int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, data,
                       code_->context);
  if (rc >= 0) return true;
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  return fail(error_text(rc));
}

}  // namespace blobconform::cases
