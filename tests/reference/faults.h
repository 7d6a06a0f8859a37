// The deviations the reference target can be told to make (`--fault NAME`), one at a time. Each
// is a way a Blob-compatible server could get Abort Copy Blob, or what surrounds it, wrong; the
// detection test requires the corpus to catch every one of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace blobconform::reference {

enum class Fault {
  None,
  AbortAnswers200,            // a successful abort answers 200 instead of 204
  AbortAnswers202,            // ... 202
  AbortIgnoresCopyId,         // a pending copy is aborted whatever copyid names
  AbortAcceptsCompletedCopy,  // aborting a finished copy answers 204 and marks it aborted
  AbortKeepsContent,          // the bytes copied so far stay in the destination
  AbortLeavesStatus,          // the abort answers 204 but the copy stays pending
  AbortIgnoresLease,          // an abort is not checked against the destination's lease
  WrongLeaseErrorCode,        // a lease id mismatch on a write is 409 LeaseIdMismatchWithLeaseOperation
  SasPermissionsIgnored,      // a SAS authorizes any operation, whatever its sp letters
  ExpiredSasAccepted,         // se (and st) are not checked
  SignatureNotChecked,        // Shared Key and SAS signatures are not verified
  CopyActionNotChecked,       // any x-ms-copy-action value (or none) aborts
  NoRequestIdOnErrors,        // error responses carry no x-ms-request-id
  ErrorCodeHeaderDiffers,     // x-ms-error-code names another code than the XML body
  VersionNotEchoed,           // responses carry no x-ms-version
  ClientRequestIdNotEchoed,   // x-ms-client-request-id is not echoed
  LongHeader500,              // an over-long x-ms-client-request-id gets 500 instead of 400
  StaleDateAccepted,          // the 15-minute x-ms-date rule is not applied
  NonGuidCopyIdAccepted,      // copyid is not validated: a non-GUID id is a 409 CopyIdMismatch
  CopyOntoPendingAllowed,     // Copy Blob onto a destination with a pending copy starts another
  NotFoundWrongCode,          // a missing blob is 404 ResourceNotFound instead of BlobNotFound
  VerbIgnoredOnCopy,          // GET, HEAD or DELETE on ...?comp=copy is served as Get or Delete Blob
  SnapshotIgnoredOnAbort,     // an abort addressed to ?snapshot= acts on the base blob
  CopyIdSpellingRefused,      // a copy id in braces, parentheses or without hyphens gets 400
  LeaseIdFormatUnchecked,     // an abort's x-ms-lease-id that is not a GUID goes on to the lease check
  ConditionsEvaluatedOnAbort, // If-Match and the other conditions are evaluated on an abort (412)
  RangeIgnored,               // a ranged Get Blob is answered whole, 200
  SnapshotSourceIgnored,      // a copy from ?snapshot= copies the base blob as it is now
  DuplicateHeaderJoined,      // Shared Key signs a repeated x-ms- header's values joined instead of refusing it
  OldSasLettersAccepted,      // a service SAS before 2015-04-05 may use the letters a and c
  NoWwwAuthenticate,          // the 401 for a request without credentials has no WWW-Authenticate
  SyncCopyLeftPending,        // Copy Blob From URL answers success but leaves the copy pending (abortable)
  PutFromUrlEmpty,            // Put Blob From URL answers 201 but makes an empty blob
  AbortRefusesBody,           // an abort with a request body gets 400 InvalidInput
  AbortRefusesUnknownHeader,  // an abort with x-ms-blob-type gets 400 UnsupportedHeader
  CopyActionCaseSensitive,    // x-ms-copy-action must be exactly "abort"
  MissingParameterAsInvalid,  // a missing copyid or empty x-ms-copy-action is an invalid value, not a missing one
  TimeoutUnchecked,           // the timeout parameter is not validated
  OldVersionRunsAbort,        // an abort at a version older than 2012-02-12 is run
  SasCreateAuthorizesAbort,   // a SAS with c or a but not w authorizes an abort
  RepeatedParameterFirstValue,       // a repeated copyid or comp is read as its first value
  CompCaseSensitive,                 // comp=Copy is not comp=copy
  ContainerUrlInvalidUri,            // /<container>?comp=copy gets 400 InvalidUri, not the blob of $root
  ContainerResourceRoutesByRestype,  // PUT /<container>?restype=container&comp=copy creates the container
  FrontEndErrorsCarryVersion,        // errors before the handler (auth, routing) carry x-ms-version
  ClientRequestIdEchoedAlways,       // x-ms-client-request-id is echoed before 2019-02-02 too
  StoredPolicyFieldsOverride,        // a SAS field also set by its stored access policy is not refused: the policy's wins
  StoredPolicyGrantsAll,             // a SAS naming a stored access policy is allowed every operation
  UnknownStoredPolicyIgnored,        // an si naming no policy is ignored: the SAS is judged on its own fields
  SasTimesAfterSignature,            // a SAS's own times are checked after its signature, not before
  SasAndSharedKeyAccepted,           // a request with both Authorization and a SAS sig is judged on Authorization
  UnsupportedScheme400,              // an unsupported Authorization scheme (Basic) gets 400 InvalidAuthenticationInfo
  FutureDateRefused,                 // an x-ms-date more than 15 minutes ahead is refused like a stale one
  UnknownVersionAccepted,            // a well-formed x-ms-version that was never published is accepted
  AccountUrlInvalidUri,              // a request to the account URL with comp=copy gets 400 InvalidUri
  CopyMakesBlockBlob,                // a copy of a page or append blob makes a block blob
  PageBlobLengthIgnored,             // a page blob is created empty, whatever x-ms-blob-content-length says
  SasMismatchWithoutDetails,         // a SAS protocol or address refusal has no Protocol or SourceIP element
  ApiVersionUnchecked,               // a SAS request's api-version is used without checking it is a known version
  InvalidUriWithoutPath,             // an InvalidUri answer has no UriPath element
  LowerCaseVerbAccepted,             // a verb in lower case ("put") is read as the upper-case one
  RepeatedVersionFirstValue,         // a repeated x-ms-version header is read as its first value
  ClaimedAccount404,                 // Shared Key naming another account gets 404 ResourceNotFound, not 403
  ApiVersionIgnored,                 // a SAS request runs at its x-ms-version header, whatever its api-version says
  PlusSignedAsPlus,                  // Shared Key reads a '+' in the query as a plus, not a space
  VersionSourceIgnored,              // a copy whose source names a version (?versionid=) copies the current blob
  ArchivedCopyOnlineAtOnce,          // the copy of an archived blob is at once in its online tier, not rehydrated
  SoftDeletedBlobAbortable,          // an abort reaches a soft-deleted destination instead of answering 404
  IncrementalCopyNotMarked,          // an incremental copy's destination has no x-ms-incremental-copy: true
  HeadersSortedOrdinally,            // Shared Key sorts the x-ms- header names in byte order, not the service's
  QueryNamesCaseSensitive,           // query names are matched with their case (COMP is not comp)
  Http10Accepted,                    // an abort sent as HTTP/1.0 is served, not refused with 505
  UnknownAccountAuthenticatedFirst,  // a URL naming an unknown account is authenticated first (403), not 404
  VersionsBefore20090919Unknown,     // 2008-10-27, 2009-04-14 and 2009-07-17 are refused as unknown, before authentication
  OldSharedKeyLayoutRefused,         // a request at a version before 2009-09-19 must be signed with the 2009-09-19 layout
  BearerRefused,                     // every bearer token is refused (403 AuthorizationFailure, as without OAuth)
  BearerVersionUnchecked,            // a bearer token is taken at any version, or none
  BearerExpiryUnchecked,             // an expired bearer token is taken
  BearerNotBeforeUnchecked,          // a bearer token not yet valid is taken
  BearerAudienceUnchecked,           // a bearer token for any audience is taken
  BearerIssuerUnchecked,             // a bearer token of any tenant is taken
  BearerRefusedWithoutChallenge,     // a refused bearer token is 403 AuthenticationFailed at every version, no challenge
  BearerFirstWordRead,               // "Bearer a b c" is read as the token "a", not refused as unreadable
  BearerRoleUnchecked,               // a bearer token's identity is authorized whatever its data roles
  BearerOverHttpAccepted,            // a bearer token over plain HTTP is taken as over HTTPS (on a server with HTTPS)
  DelegationKeyUnsupported,          // Get User Delegation Key is not there: comp=userdelegationkey is an unknown comp
  DelegationSasUnsupported,          // a SAS with skoid is verified as a service SAS, with the account's key
  DelegationKeyForAnyScheme,         // Get User Delegation Key gives a key to Shared Key, not only to a bearer token
  DelegationKeyLifetimeUnchecked,    // a user delegation key is given for an expiry more than seven days ahead
  DelegationKeyExpiryUnchecked,      // a user-delegation SAS is taken after its key has expired
  DelegationSasBeyondKeyRefused,     // a user-delegation SAS whose expiry is after its key's is refused
  DelegationSasSignatureUnchecked,   // a user-delegation SAS's signature is not verified
  DelegationSasPermissionsIgnored,   // a user-delegation SAS authorizes any operation, whatever its sp letters
  DelegationSasOneLayout,            // every user-delegation SAS is verified with the 2018-11-09 layout, whatever its sv
  DelegationSasCorrelationIdUnsigned,  // scid is left out of the string to sign (Azurite 3.37.0)
  DelegationSasContainerNamedWithBlob,  // an sr=c user-delegation SAS before 2020-12-06 is verified with the blob's name in its resource
  // For the network fuzzer (issue 6), not the cases: a query with a truncated %-escape ("%4",
  // "%" at the end) makes the request parser answer 500.
  TruncatedEscape500,
  // Not a deviation but bad weather, for the harness's retries: the first Create Container and
  // the first Delete Container of each container answer 503 ServerBusy.
  Busy503,
};

// What a fault is for: the detection table (a deviation the cases must catch), the network
// fuzzer (an input no case sends), or the harness's own resilience (weather, not a deviation).
enum class Purpose { Detection, Fuzzer, Resilience };

struct FaultInfo {
  Fault fault;
  const char* name;
  const char* description;
  Purpose purpose;
};

const std::vector<FaultInfo>& all_faults();
std::optional<Fault> parse_fault(std::string_view name);
const FaultInfo& fault_info(Fault fault);

}  // namespace blobconform::reference
