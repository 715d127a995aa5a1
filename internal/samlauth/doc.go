// Package samlauth is qbiz's SAML 2.0 service provider for IAM federation
// (DESIGN.md §2, path 2).
//
// It sends an AuthnRequest on the HTTP-Redirect binding, receives the
// HTTP-POST response on a loopback ACS (RFC 8252 style, for the CLI) or on
// the gateway's ACS, and verifies the response before anything relays it to
// sts:AssumeRoleWithSAML. The assertion is bound for AWS: its
// SubjectConfirmationData Recipient names the AWS sign-in endpoint
// (https://signin.aws.amazon.com/saml or a regional one), its Audience that
// endpoint or urn:amazon:webservices (AWS's SP entity ID), while the
// Response's Destination names our ACS.
//
// Signatures are checked with github.com/russellhaering/goxmldsig against
// the certificates of the IdP metadata only (KeyInfo is never a trust
// anchor); the AuthnRequest is built with github.com/russellhaering/gosaml2.
// Neither library's own response validation fits an AWS-bound assertion
// (gosaml2 compares Recipient with the ACS URL and treats audience and time
// failures as warnings), so this package adds, in order
// (SECURITY-CASES.md §0.1, §0.2, §3):
//
//   - raw-XML pre-checks: size limit, UTF-8 only (an encoding declaration
//     other than UTF-8 is refused), no DOCTYPE, DTD, entity or processing
//     instruction, no duplicate attributes, bounded depth, names that survive
//     an encoding/xml round trip, and xml-roundtrip-validator;
//   - structure: the root is a SAML 2.0 Response; exactly one element named
//     Assertion exists in the whole document, in the SAML assertion namespace,
//     as a direct child of the Response; no EncryptedAssertion; IDs unique;
//     every ds:Signature is a direct child of the Response or the Assertion,
//     holds exactly one Reference to its parent's ID, uses only the
//     enveloped and exclusive-c14n transforms and allow-listed algorithms, and
//     carries no Object, Manifest or RetrievalMethod;
//   - signature: at least one of Response or Assertion is signed; every
//     signature present must verify; the assertion consumed is the copy that
//     goxmldsig returns for the verified signature, re-checked to have the
//     same ID as the single assertion of the input;
//   - semantics, on the verified tree: every element of the assertion is in
//     the SAML assertion (or XML-DSig) namespace; Issuer present and equal to
//     the IdP entity ID on Response and Assertion; Status Success;
//     Destination equals our ACS URL; InResponseTo on the Response and the
//     bearer SubjectConfirmationData equals this login's AuthnRequest ID;
//     Recipient names the AWS sign-in endpoint and every AudienceRestriction
//     an audience STS accepts;
//     NotBefore, NotOnOrAfter, SubjectConfirmationData NotOnOrAfter,
//     IssueInstant and SessionNotOnOrAfter checked with an explicit skew;
//     identity text read in full (comments and CDATA never truncate it, and
//     identity elements with child elements are refused);
//   - replay: assertion and response IDs go through a ReplayCache until the
//     assertion expires; each AuthnRequest completes at most once.
//
// Errors wrap ErrInvalidResponse plus a specific sentinel (ErrSignature,
// ErrReplay, ErrExpired, ErrWrongDestination, ...). They never contain the
// SAMLResponse or assertion text.
package samlauth
