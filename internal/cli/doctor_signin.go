package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/provision/diagnose"
	"github.com/qbiz/qbiz/internal/signin"
)

// keyring opens the token cache and checks its passphrase.
func (d *doctor) keyring(context.Context) hopResult {
	if _, err := d.openStore(); err != nil {
		return failedErr(explain(d.p.Name, err))
	}
	return passed("", "the token cache opens and its passphrase is right")
}

// cachedSignIn finds the profile's sign-in and, but for SAML (which has
// no silent renewal), renews it at the identity provider now, as every
// renewal does: a session the IdP has ended fails here. An IdP that
// renews the session with an ID token qbiz refuses passes this hop and
// fails the id token hop.
func (d *doctor) cachedSignIn(ctx context.Context) hopResult {
	sess := d.a.signIn(d.p, d.store)
	e, err := sess.Cached()
	if err != nil {
		return failedErr(explain(d.p.Name, err))
	}
	d.entry = e
	user := describeUser(e.Identity) + " at " + e.Identity.Issuer
	if d.p.Mode == identity.ModeSAML {
		return d.samlSignIn(user)
	}
	renewed, err := sess.RenewSignIn(ctx)
	switch {
	case errors.Is(err, oidcauth.ErrInvalidIDToken):
		d.renewErr = err
		return passed("", user+": the identity provider renewed the session, but qbiz refuses its new ID token (see id token)")
	case err != nil:
		return failedErr(explain(d.p.Name, err))
	}
	d.entry = renewed
	d.token, _ = diagnose.ParseToken(renewed.IDToken.Reveal())
	return passed("", user+": the identity provider renewed the session")
}

// samlSignIn judges a SAML sign-in by its AWS credentials, which only a
// new sign-in renews.
func (d *doctor) samlSignIn(user string) hopResult {
	now := d.a.now()
	if !d.entry.AWS.Valid(now, 0) {
		return hopResult{Status: hopFailed,
			Problem: fmt.Sprintf("the SAML sign-in of %s has ended (its AWS credentials expired %s) and SAML has no silent renewal", user, ago(d.entry.AWS.Expiration, now)),
			Fix:     "run: qbiz login --profile " + d.p.Name}
	}
	due := signin.Due(d.p, d.entry)
	return passed("", fmt.Sprintf("%s (SAML): a new sign-in is needed in %s", user, due.Sub(now).Round(time.Second)))
}

func ago(t, now time.Time) string {
	return now.Sub(t).Round(time.Second).String() + " ago"
}

// idToken checks the ID token's audience, email and, for oidc, the
// https://aws.amazon.com/tags claim STS makes the Email session tag of. It
// names claims, never the token.
func (d *doctor) idToken(context.Context) hopResult {
	if d.renewErr != nil {
		return failedWith("", refusedToken(d.p.ClientID, d.renewErr))
	}
	t := d.token
	if !slices.Contains(t.Audience, d.p.ClientID) {
		return failedWith("", diagnose.Finding{What: fmt.Sprintf("the ID token's aud is %v, not qbiz_client_id %s", t.Audience, d.p.ClientID),
			Fix: "set qbiz_client_id to the client id the identity provider issues the tokens to (qbiz configure --profile " + d.p.Name + ")"})
	}
	if t.Email == "" {
		return failedWith("", diagnose.Finding{What: "the ID token has no email claim",
			Fix: fmt.Sprintf("request the email scope (qbiz_scopes) and have the identity provider release the email claim to client %s", d.p.ClientID)})
	}
	detail := []string{"aud " + d.p.ClientID, "email " + t.Email}
	if d.p.Mode == identity.ModeOIDC {
		if f := diagnose.TagClaim(t); !f.OK() {
			return failedWith("", f)
		}
		detail = append(detail, "tag Email = "+t.PrincipalTags["Email"][0])
	}
	return passed("", strings.Join(detail, ", "))
}

// refusedToken explains why qbiz refused the ID token a renewal brought.
func refusedToken(clientID string, err error) diagnose.Finding {
	what := "the identity provider renewed the session with an ID token qbiz refuses: " + err.Error()
	switch {
	case errors.Is(err, oidcauth.ErrAudience):
		return diagnose.Finding{What: what, Fix: fmt.Sprintf("at the identity provider, issue the ID tokens of client %s to that client (aud %s), or set qbiz_client_id to the client the tokens name", clientID, clientID)}
	case errors.Is(err, oidcauth.ErrTokenTime):
		return diagnose.Finding{What: what, Fix: "synchronise the clocks of this computer and the identity provider (NTP)"}
	case errors.Is(err, oidcauth.ErrSignature):
		return diagnose.Finding{What: what, Fix: "the identity provider signs with a key its jwks_uri does not publish; ask its administrator"}
	}
	return diagnose.Finding{What: what, Fix: fmt.Sprintf("check the settings of client %s at the identity provider; run with -v for details", clientID)}
}
