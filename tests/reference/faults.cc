#include "tests/reference/faults.h"

namespace blobconform::reference {

const std::vector<FaultInfo>& all_faults() {
  static const std::vector<FaultInfo> faults = {
      {Fault::None, "none", "no deviation", false},
      {Fault::AbortAnswers200, "abort-answers-200", "a successful abort answers 200 instead of 204", false},
      {Fault::AbortAnswers202, "abort-answers-202", "a successful abort answers 202 instead of 204", false},
      {Fault::AbortIgnoresCopyId, "abort-ignores-copy-id", "a pending copy is aborted whatever copyid names", false},
      {Fault::AbortAcceptsCompletedCopy, "abort-accepts-completed-copy",
       "aborting a finished copy answers 204 and marks it aborted", false},
      {Fault::AbortKeepsContent, "abort-keeps-content", "an aborted destination keeps the bytes copied so far", false},
      {Fault::AbortLeavesStatus, "abort-leaves-status", "the abort answers 204 but the copy stays pending", false},
      {Fault::AbortIgnoresInfiniteLease, "abort-ignores-infinite-lease",
       "an abort without x-ms-lease-id succeeds under an infinite lease", false},
      {Fault::WrongLeaseErrorCode, "wrong-lease-error-code",
       "a write with another lease id gets 409 LeaseIdMismatchWithLeaseOperation", false},
      {Fault::SasPermissionsIgnored, "sas-permissions-ignored", "a SAS authorizes any operation, whatever sp says",
       false},
      {Fault::ExpiredSasAccepted, "expired-sas-accepted", "a SAS outside its st..se window is accepted", false},
      {Fault::SignatureNotChecked, "signature-not-checked", "Shared Key and SAS signatures are not verified", false},
      {Fault::CopyActionNotChecked, "copy-action-not-checked", "any x-ms-copy-action value, or none, aborts", false},
      {Fault::NoRequestIdOnErrors, "no-request-id-on-errors", "error responses carry no x-ms-request-id", false},
      {Fault::ErrorCodeHeaderDiffers, "error-code-header-differs",
       "x-ms-error-code names another code than the XML body", false},
      {Fault::VersionNotEchoed, "version-not-echoed", "responses carry no x-ms-version", false},
      {Fault::ClientRequestIdNotEchoed, "client-request-id-not-echoed", "x-ms-client-request-id is not echoed", false},
      {Fault::LongHeader500, "long-header-500",
       "an x-ms-client-request-id over 1024 characters gets 500 instead of 400", false},
      {Fault::StaleDateAccepted, "stale-date-accepted", "an x-ms-date older than 15 minutes is accepted", false},
      {Fault::NonGuidCopyIdAccepted, "non-guid-copy-id-accepted",
       "a copyid that is not a GUID gets 409 CopyIdMismatch instead of 400", false},
      {Fault::CopyOntoPendingAllowed, "copy-onto-pending-allowed",
       "Copy Blob onto a destination with a pending copy starts another copy", false},
      {Fault::NotFoundWrongCode, "not-found-wrong-code", "a missing blob is 404 ResourceNotFound, not BlobNotFound",
       false},
      {Fault::TruncatedEscape500, "truncated-escape-500",
       "a query with a truncated %-escape makes the request parser answer 500", true},
  };
  return faults;
}

std::optional<Fault> parse_fault(std::string_view name) {
  for (const auto& info : all_faults()) {
    if (name == info.name) return info.fault;
  }
  return std::nullopt;
}

const FaultInfo& fault_info(Fault fault) {
  for (const auto& info : all_faults()) {
    if (info.fault == fault) return info;
  }
  return all_faults().front();
}

}  // namespace blobconform::reference
