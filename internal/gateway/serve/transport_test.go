package serve

import (
	"context"
	"net/http"
	"testing"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/logging"
)

// Every call the gateway makes toward AWS and the IdPs, whoever's
// session it serves, goes through one pooled transport sized for many
// users at once: the Q Business client's and the sign-in client's are
// the same *http.Transport, with room for the load's idle connections
// per host (a per-session client or transport would redo handshakes and
// multiply connections).
func TestDepsShareOnePooledTransport(t *testing.T) {
	for _, endpoint := range []string{"", "http://127.0.0.1:9"} { // AWS itself; the sandbox's h2c
		p := config.Profile{Mode: identity.ModeOIDC, Region: "us-east-1", EndpointURL: endpoint}
		cfg := config.Gateway{IdPs: []config.GatewayIdP{{Name: "a", Profile: p}, {Name: "b", Profile: p}}}
		d, release, err := buildDeps(context.Background(), Options{}, cfg, nil, logging.Discard())
		if err != nil {
			t.Fatal(err)
		}
		release()
		q, ok := d.AWS.HTTPClient.(*http.Client)
		if !ok {
			t.Fatalf("endpoint %q: the Q Business client is a %T", endpoint, d.AWS.HTTPClient)
		}
		tr, ok := q.Transport.(*http.Transport)
		if !ok || d.HTTP.Transport != q.Transport {
			t.Fatalf("endpoint %q: Q Business on %T, sign-in on %T: want one shared *http.Transport", endpoint, q.Transport, d.HTTP.Transport)
		}
		if tr.MaxIdleConnsPerHost < 256 || tr.MaxIdleConns < tr.MaxIdleConnsPerHost {
			t.Errorf("endpoint %q: pool of %d idle per host, %d in all; want at least 256 per host", endpoint, tr.MaxIdleConnsPerHost, tr.MaxIdleConns)
		}
	}
}
