package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/smithy-go"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/oidcauth"
	"github.com/qbiz/qbiz/internal/provision/diagnose"
	"github.com/qbiz/qbiz/internal/qchat"
	"github.com/qbiz/qbiz/internal/samlauth"
	"github.com/qbiz/qbiz/internal/tokencache"
)

// verifier runs the hops of one profile. The sign-in hop runs the whole
// sign-in (the exchange for AWS credentials included, as qbiz login does)
// and the hops after it judge its outcome; the subscription hop makes the
// chat call the chat hop reports on.
type verifier struct {
	a     *app
	p     config.Profile
	f     verifyFlags
	store *tokencache.Store

	rp       *oidcauth.RelyingParty // the discovered OIDC provider
	metadata []byte                 // the SAML IdP's metadata

	entry       tokencache.Entry // the sign-in, also when the exchange failed
	exchangeErr error
	token       diagnose.Token // the ID token's claims (oidc, idc)

	session *userSession
	chatErr error

	admin adminReader
	// adminOnlyByFlag: administrator credentials come from --aws-profile
	// alone, never from the SDK's default chain.
	adminOnlyByFlag bool
}

// verifyHop is one named step.
type verifyHop struct {
	name string
	run  func(context.Context) hopResult
}

func (v *verifier) hops() []verifyHop {
	head := []verifyHop{{"identity provider", v.discover}, {"sign-in", v.signIn}}
	tail := []verifyHop{{"application", v.application}, {"subscription", v.subscription}, {"chat", v.chat}}
	var mid []verifyHop
	switch v.p.Mode {
	case identity.ModeOIDC:
		mid = []verifyHop{{"tag claim", v.tagClaim}, {"role", v.webIdentityRole}}
	case identity.ModeSAML:
		mid = []verifyHop{{"role", v.samlRole}}
	case identity.ModeIDC:
		mid = []verifyHop{{"identity center", v.identityCenter}, {"role", v.idcRole}}
	}
	return append(append(head, mid...), tail...)
}

// run runs the profile's hops.
func (v *verifier) run(ctx context.Context) verifyReport { return v.walk(ctx, v.hops()) }

// walk runs hops in order until one fails; the ones after it are
// reported as not run. A warning is no failure.
func (v *verifier) walk(ctx context.Context, hops []verifyHop) verifyReport {
	v.admin = adminReader{v: v}
	rep := verifyReport{Profile: v.p.Name, Mode: string(v.p.Mode), ApplicationID: v.p.ApplicationID}
	failed := false
	for _, h := range hops {
		if failed {
			rep.Hops = append(rep.Hops, skipped(h.name, "not run: an earlier hop failed"))
			continue
		}
		r := h.run(ctx)
		r.Hop = h.name
		failed = r.Status == hopFailed
		rep.Hops = append(rep.Hops, r)
	}
	if v.entry.Identity.Subject != "" {
		rep.User = describeUser(v.entry.Identity)
	}
	rep.OK = !failed
	return rep
}

// failedErr is a hop failing with err, its hint as the fix.
func failedErr(err error) hopResult {
	fix := hintFor(err, true)
	return hopResult{Status: hopFailed, Problem: err.Error(), Fix: fix}
}

// discover reads the IdP's discovery document (SAML: its metadata).
func (v *verifier) discover(ctx context.Context) hopResult {
	if v.p.Mode == identity.ModeSAML {
		var err error
		if v.metadata, err = samlauth.FetchMetadata(ctx, v.a.http, v.p.SAMLIdPMetadataURL); err != nil {
			return failedWith("", diagnose.Finding{What: fmt.Sprintf("the SAML metadata at %s cannot be read: %v", v.p.SAMLIdPMetadataURL, err),
				Fix: "check qbiz_saml_metadata_url (the IdP's metadata URL) and that this computer reaches it"})
		}
		return passed("", "metadata at "+v.p.SAMLIdPMetadataURL)
	}
	s, err := v.openStore()
	if err != nil {
		return failedErr(explain(v.p.Name, err))
	}
	if v.rp, err = v.a.signIn(v.p, s).RelyingParty(ctx); err != nil {
		return failedWith("", diagnose.Finding{
			What: fmt.Sprintf("the discovery document of %s (%s/.well-known/openid-configuration) cannot be used: %v", v.p.Issuer, v.p.Issuer, err),
			Fix:  "check qbiz_issuer: it must be the issuer the IdP names, byte for byte, reachable from this computer"})
	}
	return passed("", "discovery document of "+v.p.Issuer)
}

func (v *verifier) openStore() (*tokencache.Store, error) {
	if v.store != nil {
		return v.store, nil
	}
	s, err := v.a.openStore(v.p)
	if err == nil {
		err = s.CheckPassphrase()
	}
	if err != nil {
		return nil, err
	}
	v.store = s
	return s, nil
}

// signIn signs the user in as qbiz login does and keeps the outcome of the
// exchange for the hops after it. The IdP signed the user in when the
// entry names a subject, whatever the exchange made of it.
func (v *verifier) signIn(ctx context.Context) hopResult {
	s, err := v.openStore()
	if err != nil {
		return failedErr(explain(v.p.Name, err))
	}
	unlock, err := v.a.lockProfile(ctx, s, v.p.Name, "sign-in")
	if err != nil {
		return failedErr(err)
	}
	defer unlock()
	v.entry, v.exchangeErr = v.a.signInAndExchange(ctx, v.p, s, v.f.loginFlags)
	if v.entry.Identity.Subject == "" {
		if v.exchangeErr == nil {
			v.exchangeErr = errors.New("the sign-in named no user")
		}
		return v.signInFailed()
	}
	if raw := v.entry.IDToken.Reveal(); raw != "" {
		v.token, _ = diagnose.ParseToken(raw)
	}
	return passed("", describeUser(v.entry.Identity)+" at "+v.entry.Identity.Issuer)
}

// signInFailed diagnoses a sign-in the IdP or qbiz's own checks refused.
func (v *verifier) signInFailed() hopResult {
	if errors.Is(v.exchangeErr, samlauth.ErrWrongAudience) {
		return failedWith("", diagnose.SAMLAudience(v.exchangeErr.Error()))
	}
	return failedErr(explain(v.p.Name, v.exchangeErr))
}

// tagClaim checks the ID token's Email principal tag (oidc).
func (v *verifier) tagClaim(context.Context) hopResult {
	if f := diagnose.TagClaim(v.token); !f.OK() {
		return failedWith("", f)
	}
	return passed("", "Email = "+v.token.PrincipalTags["Email"][0])
}

// apiError is the AWS error code and message in err, if any.
func apiError(err error) (code, message string) {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode(), ae.ErrorMessage()
	}
	return "", ""
}

// verifyQuestion is what verify asks.
var verifyQuestion = qchat.Question{Text: "qbiz: a connection check, please answer with one word."}
