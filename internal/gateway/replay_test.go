package gateway

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/samlauth"
	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/sandboxtest"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
	"github.com/qbiz/qbiz/internal/session"
)

// samlReplica is one gateway replica with the sandbox's SAML IdP, behind
// the public URL every replica shares.
func samlReplica(t *testing.T, sb *sandbox.Sandbox, store session.Store) *Server {
	t.Helper()
	info := sb.Info()
	app, _ := info.App("saml")
	key := make([]byte, session.KeySize)
	_, _ = rand.Read(key)
	sealer, _ := session.NewSealer(key)
	p := config.Profile{Mode: identity.ModeSAML, Region: info.Region, EndpointURL: info.Endpoint, RoleARN: app.RoleARN,
		ProviderARN: app.ProviderARN, SAMLSSOURL: info.SAML.SSOURL, SAMLIdPMetadataURL: info.SAML.MetadataURL,
		SAMLEntityID: info.SAML.SPEntityID}
	srv, err := New(t.Context(), config.Gateway{PublicURL: "http://127.0.0.1:8000",
		IdPs: []config.GatewayIdP{{Name: "saml", Profile: p}}}, Deps{Store: store, Sealer: sealer, Logger: logging.Discard()})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// samlAnswer signs Mary in for req at the sandbox IdP and returns the
// form its auto-post page would post.
func samlAnswer(t *testing.T, sb *sandbox.Sandbox, req *samlauth.Request) url.Values {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	get := func(resp *http.Response, err error) (*url.URL, []byte) {
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.Request.URL, b
	}
	u, page := get(hc.Get(req.URL))
	form, err := sandboxtest.ParseForm(u, page)
	if err != nil {
		t.Fatal(err)
	}
	user, _ := sb.Info().User(scenario.Mary)
	form.Fields.Set("username", user.Username)
	form.Fields.Set("password", user.Password)
	u, page = get(hc.PostForm(form.Action, form.Fields))
	post, err := sandboxtest.ParseForm(u, page)
	if err != nil {
		t.Fatalf("auto-post page: %v", err)
	}
	return post.Fields
}

// SAML-26 across replicas: the replay cache is the shared store, so an
// answer one replica accepted is refused by another even with the
// AuthnRequest in hand; with stores not shared, the other would accept.
func TestSAMLReplayCacheShared(t *testing.T) {
	sb, err := sandbox.Start(t.Context(), sandbox.Options{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	shared := session.NewMemoryStore(nil)
	a, b, alone := samlReplica(t, sb, shared), samlReplica(t, sb, shared), samlReplica(t, sb, session.NewMemoryStore(nil))
	spOf := func(s *Server) *samlauth.ServiceProvider {
		sp, err := s.idps["saml"].serviceProvider(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return sp
	}
	req, err := spOf(a).Begin()
	if err != nil {
		t.Fatal(err)
	}
	form := samlAnswer(t, sb, req)
	if _, err := spOf(a).Complete(req, form); err != nil {
		t.Fatalf("first replica: %v", err)
	}
	if _, err := spOf(b).Complete(req, form); !errors.Is(err, samlauth.ErrReplay) {
		t.Fatalf("second replica: %v, want a replay", err)
	}
	if _, err := spOf(alone).Complete(req, form); err != nil {
		t.Fatalf("a replica on its own store (the twin): %v", err)
	}
}

// failingSeen is a store whose replay record fails.
type failingSeen struct{}

func (failingSeen) Seen(context.Context, string, time.Time) (bool, error) {
	return false, errors.New("store unreachable")
}

// A replay cache that cannot reach the store says "seen": fail closed.
func TestReplayCacheFailsClosed(t *testing.T) {
	var logs strings.Builder
	c := replayCache{store: failingSeen{}, log: logging.New(&logs, false, false)}
	if !c.Seen("id", time.Now().Add(time.Minute)) {
		t.Fatal("a store error let the response through")
	}
	ok := replayCache{store: session.NewMemoryStore(nil), log: logging.Discard()}
	if ok.Seen("id", time.Now().Add(time.Minute)) || !ok.Seen("id", time.Now().Add(time.Minute)) {
		t.Fatal("the twin: first use must pass, the second be seen")
	}
}
