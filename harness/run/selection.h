// Which instances run: the case × version expansion, --filter globs and --tags.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/cases/case_model.h"
#include "harness/wire/result.h"

namespace blobconform::run {

struct Instance {
  const cases::Case* test_case = nullptr;
  std::string id;             // "<group>/<id>" or "<group>/<id>@<label>"
  std::string version_label;  // as written ("latest" stays "latest"); empty without `versions`
  std::string version;        // the resolved YYYY-MM-DD
};

// Every instance of every case, in file then case then version order.
std::vector<Instance> expand_instances(const cases::Catalog& catalog, const std::string& latest_version);

// Glob over instance ids: '*' within one '/'-separated segment, '**' across segments, '?' one character.
bool glob_matches(std::string_view pattern, std::string_view text);

struct Selection {
  std::vector<std::string> filters;  // globs; a leading '-' excludes
  std::vector<std::string> tags;     // any of
  std::vector<std::string> substrings{};  // -k: the id contains one of them (any of)
};

// Includes an instance when some include-glob matches (or there is none) and no exclude-glob does,
// it carries one of the tags (or none are asked for), and its id contains one of the substrings
// (or none are given). A glob also matches an instance when it
// matches the case id, so "abort-copy/lease/*" selects every version of each lease case.
std::vector<Instance> select_instances(const std::vector<Instance>& all, const Selection& selection);

// --shard I/N: the I-th of N deterministic slices (1-based), by position in the selection, so
// that N machines together run every selected instance exactly once.
std::vector<Instance> shard_instances(const std::vector<Instance>& selected, size_t index, size_t count);
Result<std::pair<size_t, size_t>> parse_shard(std::string_view text);

}  // namespace blobconform::run
