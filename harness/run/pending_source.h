// The `pending_source` fixture (case-format §3.5) backed by a gated source: each instance copies
// from its own {{pending_source_url}} and its fixture steps open or break that source's gate.
#pragma once

#include "harness/run/fixtures.h"
#include "harness/source/gated_source.h"

namespace blobconform::run {

void add_pending_source(Fixtures& fixtures, source::GatedSource& source);

}  // namespace blobconform::run
