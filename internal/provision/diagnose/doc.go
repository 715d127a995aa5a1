// Package diagnose explains why a user of a qbiz profile cannot reach Q
// Business, one hop at a time, from what an administrator can read: the
// claims of the ID token the sign-in produced, the role's trust policy, the
// client ids of the account's IAM OIDC provider, the application's identity
// type and the error AWS returned. Each check returns a Finding naming what
// is wrong and how to fix it; the zero Finding means the check found nothing
// wrong. It calls nothing itself: the caller reads and passes the facts.
package diagnose
