package oidcauth

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/qbiz/qbiz/internal/sandbox/oidcidp"
)

func TestOAUTH01_PKCES256OnEveryTransaction(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	seen := map[string]bool{}
	for range 1000 {
		authURL, tx, err := rp.Begin(serverURI)
		if err != nil {
			t.Fatal(err)
		}
		q := mustQuery(t, authURL)
		if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") != oauth2.S256ChallengeFromVerifier(tx.Verifier) {
			t.Fatalf("challenge %q/%q does not match the verifier", q.Get("code_challenge_method"), q.Get("code_challenge"))
		}
		if len(tx.Verifier) < 43 || len(tx.State) < 43 || len(tx.Nonce) < 43 || strings.Contains(authURL, tx.Verifier) {
			t.Fatalf("weak or leaked transaction values")
		}
		for _, v := range []string{tx.Verifier, tx.State, tx.Nonce} {
			if seen[v] {
				t.Fatal("repeated transaction value")
			}
			seen[v] = true
		}
	}
}

func TestOAUTH01_WrongVerifierRejectedByIdP(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	authURL, tx, _ := rp.Begin(serverURI)
	params := e.browser(maryUser, maryPassword).callback(t, authURL)
	tx.Verifier = oauth2.GenerateVerifier()
	_, err := rp.Complete(context.Background(), tx, params)
	wantErr(t, err, ErrInvalidGrant)
}

// A code obtained by mallory, replayed into the victim's transaction (and
// the reverse) fails: the PKCE verifier belongs to the other transaction.
func TestOAUTH02_CodeInjectionRejected(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	victimURL, victimTx, _ := rp.Begin(serverURI)
	malloryURL, malloryTx, _ := rp.Begin(serverURI)
	victimParams := e.browser(maryUser, maryPassword).callback(t, victimURL)
	malloryParams := e.browser(mateoUser, mateoPass).callback(t, malloryURL)
	cases := []struct {
		name string
		tx   *Transaction
		code string
	}{
		{"mallory code into victim", victimTx, malloryParams.Get("code")},
		{"victim code into mallory", malloryTx, victimParams.Get("code")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			params := url.Values{"code": {tc.code}, "state": {tc.tx.State}, "iss": {e.issuer}}
			toks, err := rp.Complete(context.Background(), tc.tx, params)
			wantErr(t, err, ErrInvalidGrant)
			if toks != nil {
				t.Fatal("signed in with an injected code")
			}
		})
	}
}

func TestOAUTH03_StateHandling(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	authURL, tx, _ := rp.Begin(serverURI)
	params := e.browser(maryUser, maryPassword).callback(t, authURL)
	_, otherTx, _ := rp.Begin(serverURI)
	with := func(k, v string) url.Values {
		p := url.Values{}
		for key, vals := range params {
			p[key] = vals
		}
		if v == "" {
			p.Del(k)
		} else {
			p.Set(k, v)
		}
		return p
	}
	old := *tx
	old.CreatedAt = old.CreatedAt.Add(-DefaultTransactionTTL - time.Second)
	cases := []struct {
		name   string
		tx     *Transaction
		params url.Values
		want   error
	}{
		{"missing state", tx, with("state", ""), ErrInvalidCallback},
		{"wrong state", tx, with("state", "x"+tx.State), ErrStateMismatch},
		{"state of another transaction", otherTx, params, ErrStateMismatch},
		{"repeated state", tx, url.Values{"code": {"c"}, "state": {tx.State, tx.State}}, ErrInvalidCallback},
		{"transaction too old", &old, params, ErrTransactionExpired},
		{"no transaction", nil, params, ErrStateMismatch},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rp.Complete(context.Background(), tc.tx, tc.params)
			wantErr(t, err, tc.want)
		})
	}
	if n := e.rec.count("/token"); n != 0 {
		t.Fatalf("token endpoint called %d times before the state check passed", n)
	}
	if _, err := rp.Complete(context.Background(), tx, params); err != nil {
		t.Fatalf("positive twin: %v", err)
	}
	_, err := rp.Complete(context.Background(), tx, params)
	wantErr(t, err, ErrTransactionReplayed)
	copied := *tx
	_, err = rp.Complete(context.Background(), &copied, params)
	wantErr(t, err, ErrTransactionReplayed)
}

func TestOAUTH04_UnsolicitedCallbackRejected(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	authURL, _, _ := rp.Begin(serverURI)
	params := e.browser(maryUser, maryPassword).callback(t, authURL)
	for _, tx := range []*Transaction{nil, {}} {
		_, err := rp.Complete(context.Background(), tx, params)
		wantErr(t, err, ErrStateMismatch)
	}
	if n := e.rec.count("/token"); n != 0 {
		t.Fatalf("token endpoint called %d times", n)
	}
}

func TestOAUTH05_MixUpRejected(t *testing.T) {
	for _, profile := range []string{oidcidp.ProfileWrongIssInResponse, oidcidp.ProfileMissingIssInResponse} {
		t.Run(profile, func(t *testing.T) {
			e := newIdP(t)
			_, err := login(t, e, e.rp(profile))
			wantErr(t, err, ErrIssuerMismatch)
			if n := e.rec.count("/token"); n != 0 {
				t.Fatalf("token endpoint called %d times", n)
			}
		})
	}
}

// A transaction started at IdP A is never completed at IdP B's token
// endpoint, even with A's genuine response. Both providers behave like
// Entra ID or Google (no RFC 9207 iss), so nothing in the response names
// the provider: only the transaction's own issuer stops the mix-up.
func TestOAUTH05_TransactionBoundToIssuer(t *testing.T) {
	a, b := newIdPWith(t, withoutIssParameter), newIdPWith(t, withoutIssParameter)
	rpA, rpB := a.rp(""), b.rp("")
	authURL, tx, _ := rpA.Begin(serverURI)
	params := a.browser(maryUser, maryPassword).callback(t, authURL)
	if params.Has("iss") || rpB.md.IssParameterSupported {
		t.Fatal("fixture: the provider still speaks RFC 9207")
	}
	_, err := rpB.Complete(context.Background(), tx, params)
	wantErr(t, err, ErrIssuerMismatch, errOtherProvider)
	if n := b.rec.count("/token"); n != 0 {
		t.Fatalf("IdP B's token endpoint called %d times", n)
	}
	if _, err := rpA.Complete(context.Background(), tx, params); err != nil {
		t.Fatalf("positive twin: %v", err)
	}
}

// withoutIssParameter makes the sandbox provider behave like Entra ID or
// Google: its metadata does not advertise
// authorization_response_iss_parameter_supported and its redirects carry
// no iss.
func withoutIssParameter(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if strings.HasSuffix(r.URL.Path, "/.well-known/openid-configuration") {
			var md map[string]any
			if json.Unmarshal(body, &md) == nil {
				delete(md, "authorization_response_iss_parameter_supported")
				body, _ = json.Marshal(md)
			}
		}
		if loc, err := url.Parse(rec.Header().Get("Location")); err == nil && loc.Query().Has("iss") {
			q := loc.Query()
			q.Del("iss")
			loc.RawQuery = q.Encode()
			rec.Header().Set("Location", loc.String())
		}
		maps.Copy(w.Header(), rec.Header())
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})
}

// OAUTH-07 (open redirect through the post-login return URL) does not
// apply here: a CLI login ends on the loopback page and takes no return_to,
// rd or RelayState. The check belongs with the gateway's login route.

func TestAuthorizationErrorResponses(t *testing.T) {
	e := newIdP(t)
	rp := e.rp("")
	cases := []struct {
		code string
		want error
	}{
		{"access_denied", ErrAccessDenied},
		{"server_error", ErrAuthorizationFailed},
	}
	for _, tc := range cases {
		_, tx, _ := rp.Begin(serverURI)
		params := url.Values{"error": {tc.code}, "error_description": {"because " + tx.State}, "state": {tx.State}, "iss": {e.issuer}}
		_, err := rp.Complete(context.Background(), tx, params)
		wantErr(t, err, tc.want)
		if strings.Contains(err.Error(), tx.State) {
			t.Fatalf("state echoed in %q", err)
		}
	}
}

func TestOAUTH08_LoopbackPageLeaksNothing(t *testing.T) {
	e := newIdP(t)
	b := e.browser(maryUser, maryPassword).async()
	if _, err := Login(context.Background(), e.rp(""), LoginOptions{Opener: b}); err != nil {
		t.Fatal(err)
	}
	page := <-b.page
	want := map[string]string{"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
	for k, v := range want {
		if got := page.Header.Get(k); got != v {
			t.Errorf("%s: got %q want %q", k, got, v)
		}
	}
	if csp := page.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	body := readAll(t, page)
	if strings.Contains(body, "http") || strings.Contains(body, "src=") {
		t.Errorf("page loads or links resources: %s", body)
	}
}
