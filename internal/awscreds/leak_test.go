package awscreds

import (
	"bytes"
	"context"
	"crypto"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/coreos/go-oidc/v3/oidc"
)

// CRED-01: with debug logging on, neither the logs nor the errors of any
// path carry a token, assertion, key or identity context.
func TestNoSecretsInLogsOrErrors(t *testing.T) {
	canaries := []string{"secret-canary", "session-canary", "idp-token-canary", "context-of-", "rt-"}
	var logs bytes.Buffer
	debug := func(o *Options) {
		o.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	var errs []string
	run := func(p aws.CredentialsProvider) {
		if _, err := p.Retrieve(context.Background()); err != nil {
			errs = append(errs, err.Error())
		}
	}
	tokens := &staticTokens{raw: "idp-token-canary", id: alice}
	ok, failing := &fakeSTS{exp: time.Now().Add(time.Hour)}, &fakeSTS{err: apiError("InvalidIdentityToken", "bad token idp-token-canary")}
	for _, s := range []*fakeSTS{ok, failing} {
		run(NewWebIdentityProvider(s, testRole, tokens, debug))
		run(NewSAMLProvider(s, testRole, "arn:aws:iam::1:saml-provider/p", tokens, debug))
	}
	f := newIDCFixture()
	f.idc.users["idp-token-canary"] = "idc-alice"
	f.tokens = tokens
	run(NewIdentityCenterProvider(f.idc, f.sts, f.cfg, tokens, debug))
	f.cfg.Keys = &oidc.StaticKeySet{PublicKeys: []crypto.PublicKey{otherKey.Public()}}
	run(NewIdentityCenterProvider(f.idc, f.sts, f.cfg, &staticTokens{raw: "idp-token-canary", id: alice}, debug))
	if len(errs) != 3 || !strings.Contains(logs.String(), "aws credentials issued") {
		t.Fatalf("want 3 failures and issue records; errors %q, logs %s", errs, logs.String())
	}
	for _, out := range append(errs, logs.String()) {
		for _, c := range canaries {
			if strings.Contains(out, c) {
				t.Errorf("%q leaked in %s", c, out)
			}
		}
	}
}
