package awsauth

import "github.com/qbiz/qbiz/internal/sandbox/ledger"

// Ledger is p as the request ledger names it.
func (p Principal) Ledger() *ledger.Principal {
	lp := &ledger.Principal{ARN: p.ARN, Kind: p.Kind, RoleARN: p.RoleARN, SessionName: p.SessionName,
		SourceIdentity: p.SourceIdentity, Email: p.Email()}
	if f := p.Federation; f != nil {
		lp.Federation, lp.ProviderARN, lp.Issuer, lp.Subject = f.Kind, f.ProviderARN, f.Issuer, f.Subject
	}
	if c := p.Context; c != nil {
		lp.IDCUser, lp.IdentityStoreID = c.UserID, c.IdentityStoreID
	}
	return lp
}
