// Package groupsync makes the groups of a Q Business index match the
// groups of an identity provider.
//
// A Source reads the IdP's groups (a JSON or CSV file, a SCIM 2.0 service
// or the Okta Groups API) as a Directory: group name → direct members,
// each an email address or "group:NAME" for a nested group. Flatten
// resolves nested groups into email sets and reports cycles. Q Business
// cannot say who is in a group (GetGroup returns only its status), so
// ReadIndex combines ListGroups and GetGroup with the Record of what the
// last sync put: a group whose lastUpdatedAt is still the one recorded
// has the recorded members, any other group's members are unknown.
// Diff turns both sides into a Plan of puts, deletes and unchanged
// groups, and Apply calls PutGroup and DeleteGroup for the changes only.
package groupsync
