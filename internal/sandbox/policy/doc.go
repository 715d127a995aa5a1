// Package policy parses and evaluates IAM policy documents: identity
// (permission) policies and role trust policies. It is pure: no I/O, no
// clock. Evaluation follows IAM's order — an explicit Deny wins, then an
// Allow, otherwise the request is implicitly denied.
//
// Supported grammar: Version, Id, Statement (object or array), Sid, Effect,
// Action/NotAction, Resource/NotResource, Principal/NotPrincipal (AWS,
// Federated, Service, CanonicalUser or "*"), and Condition with the String*,
// Numeric*, Date*, Bool, Null, Arn*, IpAddress/NotIpAddress and BinaryEquals
// operators, their IfExists forms and the ForAnyValue:/ForAllValues:
// set prefixes. Policy variables such as ${aws:PrincipalTag/Email} are
// substituted in resources and condition values of 2012-10-17 documents.
package policy
