package ssooidc_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
)

func (e *env) refresh(tok string) (*ssooidc.CreateTokenWithIAMOutput, error) {
	return e.client.CreateTokenWithIAM(context.Background(), &ssooidc.CreateTokenWithIAMInput{
		ClientId: aws.String(e.app), GrantType: aws.String("refresh_token"), RefreshToken: aws.String(tok)})
}

// TestRefreshCarriesIdentityContext: like AWS (the custom web experience
// sample assumes the role with the idToken of a refresh answer), a
// refreshed token set carries an idToken and its identity context for the
// same user, so an application renews without exchanging the IdP's token
// again.
func TestRefreshCarriesIdentityContext(t *testing.T) {
	e := newEnv(t)
	first, err := e.exchange(e.client, e.app, e.idp.sign(t, e.idp.claims(maryMail, audience, time.Now())))
	must(t, err)
	second, err := e.refresh(aws.ToString(first.RefreshToken))
	must(t, err)
	if aws.ToString(second.IdToken) == "" || second.AwsAdditionalDetails == nil {
		t.Fatalf("refresh answer has no idToken or identity context: %+v", second)
	}
	ctxAssertion := aws.ToString(second.AwsAdditionalDetails.IdentityContext)
	if ctxAssertion == "" {
		t.Fatalf("refresh answer has no idToken or identity context: %+v", second)
	}
	ic, err := e.h.Gate.Authority.OpenContext(ctxAssertion)
	must(t, err)
	mary, _ := e.dir.ByEmail(maryMail)
	if ic.UserID != mary.IDCUserID || ic.ApplicationARN != e.app {
		t.Fatalf("refreshed identity context = %+v", ic)
	}
}

// TestRevokeAllEndsRefresh: after RevokeAll (an administrator ending every
// session) no refresh token issued before works, while a new exchange
// does.
func TestRevokeAllEndsRefresh(t *testing.T) {
	e := newEnv(t)
	first, err := e.exchange(e.client, e.app, e.idp.sign(t, e.idp.claims(maryMail, audience, time.Now())))
	must(t, err)
	e.svc.RevokeAll()
	_, err = e.refresh(aws.ToString(first.RefreshToken))
	if code, status := errCode(t, err); code != "InvalidGrantException" || status != 400 {
		t.Fatalf("refresh after RevokeAll = %s %d", code, status)
	}
	next, err := e.exchange(e.client, e.app, e.idp.sign(t, e.idp.claims(maryMail, audience, time.Now().Add(time.Second))))
	must(t, err)
	if _, err := e.refresh(aws.ToString(next.RefreshToken)); err != nil {
		t.Fatalf("refresh of a session begun after RevokeAll: %v", err)
	}
}
