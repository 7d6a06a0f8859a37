#include "tests/reference/faults.h"

namespace blobconform::reference {

const std::vector<FaultInfo>& all_faults() {
  static const std::vector<FaultInfo> faults = {
      {Fault::None, "none", "no deviation", Purpose::Detection},
      {Fault::AbortAnswers200, "abort-answers-200", "a successful abort answers 200 instead of 204", Purpose::Detection},
      {Fault::AbortAnswers202, "abort-answers-202", "a successful abort answers 202 instead of 204", Purpose::Detection},
      {Fault::AbortIgnoresCopyId, "abort-ignores-copy-id", "a pending copy is aborted whatever copyid names", Purpose::Detection},
      {Fault::AbortAcceptsCompletedCopy, "abort-accepts-completed-copy",
       "aborting a finished copy answers 204 and marks it aborted", Purpose::Detection},
      {Fault::AbortKeepsContent, "abort-keeps-content", "an aborted destination keeps the bytes copied so far", Purpose::Detection},
      {Fault::AbortLeavesStatus, "abort-leaves-status", "the abort answers 204 but the copy stays pending", Purpose::Detection},
      {Fault::AbortIgnoresLease, "abort-ignores-lease",
       "an abort is not checked against the destination's lease: a wrong lease id aborts", Purpose::Detection},
      {Fault::WrongLeaseErrorCode, "wrong-lease-error-code",
       "a write with another lease id gets 409 LeaseIdMismatchWithLeaseOperation", Purpose::Detection},
      {Fault::SasPermissionsIgnored, "sas-permissions-ignored", "a SAS authorizes any operation, whatever sp says", Purpose::Detection},
      {Fault::ExpiredSasAccepted, "expired-sas-accepted", "a SAS outside its st..se window is accepted", Purpose::Detection},
      {Fault::SignatureNotChecked, "signature-not-checked", "Shared Key and SAS signatures are not verified", Purpose::Detection},
      {Fault::CopyActionNotChecked, "copy-action-not-checked", "any x-ms-copy-action value, or none, aborts", Purpose::Detection},
      {Fault::NoRequestIdOnErrors, "no-request-id-on-errors", "error responses carry no x-ms-request-id", Purpose::Detection},
      {Fault::ErrorCodeHeaderDiffers, "error-code-header-differs",
       "x-ms-error-code names another code than the XML body", Purpose::Detection},
      {Fault::VersionNotEchoed, "version-not-echoed", "responses carry no x-ms-version", Purpose::Detection},
      {Fault::ClientRequestIdNotEchoed, "client-request-id-not-echoed", "x-ms-client-request-id is not echoed", Purpose::Detection},
      {Fault::LongHeader500, "long-header-500",
       "an x-ms-client-request-id over 1024 characters gets 500 instead of 400", Purpose::Detection},
      {Fault::StaleDateAccepted, "stale-date-accepted", "an x-ms-date older than 15 minutes is accepted", Purpose::Detection},
      {Fault::NonGuidCopyIdAccepted, "non-guid-copy-id-accepted",
       "a copyid that is not a GUID gets 409 CopyIdMismatch instead of 400", Purpose::Detection},
      {Fault::CopyOntoPendingAllowed, "copy-onto-pending-allowed",
       "Copy Blob onto a destination with a pending copy starts another copy", Purpose::Detection},
      {Fault::NotFoundWrongCode, "not-found-wrong-code", "a missing blob is 404 ResourceNotFound, not BlobNotFound", Purpose::Detection},
      {Fault::VerbIgnoredOnCopy, "verb-ignored-on-copy",
       "GET, HEAD or DELETE on the abort URI is served as Get Blob or Delete Blob, comp=copy ignored", Purpose::Detection},
      {Fault::SnapshotIgnoredOnAbort, "snapshot-ignored-on-abort",
       "an abort addressed to a snapshot (?snapshot=) acts on the base blob instead of answering 400", Purpose::Detection},
      {Fault::CopyIdSpellingRefused, "copy-id-spelling-refused",
       "a copy id in braces, in parentheses or without hyphens gets 400 instead of naming the copy", Purpose::Detection},
      {Fault::LeaseIdFormatUnchecked, "lease-id-format-unchecked",
       "an abort's x-ms-lease-id that is not a GUID goes on to the lease check instead of 400", Purpose::Detection},
      {Fault::ConditionsEvaluatedOnAbort, "conditions-evaluated-on-abort",
       "If-Match, If-None-Match, If-Modified-Since and If-Unmodified-Since are evaluated on an abort (412)", Purpose::Detection},
      {Fault::RangeIgnored, "range-ignored", "a ranged Get Blob is answered whole with 200, even past the end", Purpose::Detection},
      {Fault::SnapshotSourceIgnored, "snapshot-source-ignored",
       "a copy whose source names a snapshot copies the base blob as it is now", Purpose::Detection},
      {Fault::DuplicateHeaderJoined, "duplicate-header-joined",
       "Shared Key accepts an x-ms- header sent twice (its values joined), which reaches the handler", Purpose::Detection},
      {Fault::OldSasLettersAccepted, "old-sas-letters-accepted",
       "a service SAS with sv before 2015-04-05 may use the permission letters a and c, which did not exist then", Purpose::Detection},
      {Fault::NoWwwAuthenticate, "no-www-authenticate",
       "the 401 to a request without credentials carries no WWW-Authenticate header", Purpose::Detection},
      {Fault::SyncCopyLeftPending, "sync-copy-left-pending",
       "Copy Blob From URL (x-ms-requires-sync) answers success but leaves the copy pending, so an abort empties it", Purpose::Detection},
      {Fault::PutFromUrlEmpty, "put-from-url-empty", "Put Blob From URL answers 201 but makes an empty blob", Purpose::Detection},
      {Fault::AbortRefusesBody, "abort-refuses-body", "an abort that carries a request body gets 400 InvalidInput", Purpose::Detection},
      {Fault::AbortRefusesUnknownHeader, "abort-refuses-unknown-header",
       "an abort carrying x-ms-blob-type gets 400 UnsupportedHeader", Purpose::Detection},
      {Fault::CopyActionCaseSensitive, "copy-action-case-sensitive",
       "x-ms-copy-action must be exactly abort: Abort and ABORT get 400", Purpose::Detection},
      {Fault::MissingParameterAsInvalid, "missing-parameter-as-invalid",
       "a missing copyid or an empty x-ms-copy-action gets an invalid-value 400, not MissingRequired...", Purpose::Detection},
      {Fault::TimeoutUnchecked, "timeout-unchecked", "the timeout parameter is not validated: timeout=abc is accepted", Purpose::Detection},
      {Fault::OldVersionRunsAbort, "old-version-runs-abort",
       "an abort at an x-ms-version older than 2012-02-12, before the operation existed, is run", Purpose::Detection},
      {Fault::SasCreateAuthorizesAbort, "sas-create-authorizes-abort",
       "a SAS with the create (c) or add (a) permission but not write authorizes an abort", Purpose::Detection},
      {Fault::RepeatedParameterFirstValue, "repeated-parameter-first-value",
       "a repeated copyid or comp is read as its first value instead of its values joined", Purpose::Detection},
      {Fault::CompCaseSensitive, "comp-case-sensitive", "comp=Copy is refused: comp's value is compared with its case", Purpose::Detection},
      {Fault::ContainerUrlInvalidUri, "container-url-invalid-uri",
       "/<container>?comp=copy without restype gets 400 InvalidUri instead of naming the blob of $root", Purpose::Detection},
      {Fault::ContainerResourceRoutesByRestype, "container-resource-routes-by-restype",
       "a PUT to /<container>?restype=container&comp=copy is served as Create Container", Purpose::Detection},
      {Fault::FrontEndErrorsCarryVersion, "front-end-errors-carry-version",
       "errors raised before the operation's handler (authentication, routing) carry x-ms-version", Purpose::Detection},
      {Fault::ClientRequestIdEchoedAlways, "client-request-id-echoed-always",
       "x-ms-client-request-id is echoed at versions before 2019-02-02 too", Purpose::Detection},
      {Fault::StoredPolicyFieldsOverride, "stored-policy-fields-override",
       "a SAS field that its stored access policy also sets is not refused: the policy's value wins", Purpose::Detection},
      {Fault::StoredPolicyGrantsAll, "stored-policy-grants-all",
       "a SAS that names a stored access policy is allowed every operation, whatever the policy's permissions", Purpose::Detection},
      {Fault::UnknownStoredPolicyIgnored, "unknown-stored-policy-ignored",
       "an si that names no stored access policy (or a removed one) is ignored: the SAS is judged on its own fields", Purpose::Detection},
      {Fault::SasTimesAfterSignature, "sas-times-after-signature",
       "a SAS without si has its signature checked before its times: an expired, wrongly signed SAS is refused for its signature",
       Purpose::Detection},
      {Fault::SasAndSharedKeyAccepted, "sas-and-shared-key-accepted",
       "a request carrying both an Authorization header and a SAS signature is judged on the Authorization header", Purpose::Detection},
      {Fault::UnsupportedScheme400, "unsupported-scheme-400",
       "an Authorization header with an unsupported scheme (Basic) gets 400 InvalidAuthenticationInfo, not 403 AuthenticationFailed",
       Purpose::Detection},
      {Fault::FutureDateRefused, "future-date-refused", "an x-ms-date more than 15 minutes ahead is refused like a stale one",
       Purpose::Detection},
      {Fault::UnknownVersionAccepted, "unknown-version-accepted",
       "a well-formed x-ms-version that was never a service version (2015-01-01) is accepted", Purpose::Detection},
      {Fault::AccountUrlInvalidUri, "account-url-invalid-uri",
       "a PUT to the account URL with comp=copy gets 400 InvalidUri, not InvalidQueryParameterValue for comp", Purpose::Detection},
      {Fault::CopyMakesBlockBlob, "copy-makes-block-blob", "a copy of a page or append blob makes a block blob",
       Purpose::Detection},
      {Fault::PageBlobLengthIgnored, "page-blob-length-ignored",
       "a page blob is created empty, whatever its x-ms-blob-content-length says", Purpose::Detection},
      {Fault::TruncatedEscape500, "truncated-escape-500",
       "a query with a truncated %-escape makes the request parser answer 500", Purpose::Fuzzer},
      {Fault::Busy503, "busy-503", "the first Create and Delete Container of each container answer 503 ServerBusy",
       Purpose::Resilience},
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
