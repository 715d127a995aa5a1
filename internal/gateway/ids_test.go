package gateway

import (
	"crypto/rand"
	"encoding/base64"
	"io"
	"testing"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/session"
)

// countingReader counts the random bytes the server draws.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// WEB-02: a session id and its CSRF token are 256 bits each from the
// injected random source (crypto/rand in production), opaque, and only
// the id reaches the browser; a million ids do not repeat.
func TestSessionIDs(t *testing.T) {
	var src *countingReader
	f := newFixture(t, func(_ *config.Gateway, d *Deps) {
		src = &countingReader{r: d.Random}
		if src.r == nil {
			src.r = cryptoRand{}
		}
		d.Random = src
	})
	before := src.n
	sess := f.signIn("alice")
	if got := src.n - before; got < 2*session.IDBytes {
		t.Fatalf("a session drew %d random bytes, want at least %d", got, 2*session.IDBytes)
	}
	for _, v := range []string{sess.ID, sess.CSRF} {
		if b, err := base64.RawURLEncoding.DecodeString(v); err != nil || len(b) < 16 {
			t.Fatalf("%q: %d bytes, %v", v, len(b), err)
		}
	}
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	seen := make(map[string]struct{}, n)
	for range n {
		id, err := session.NewID(nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := seen[id]; dup {
			t.Fatalf("id repeated after %d", len(seen))
		}
		seen[id] = struct{}{}
	}
}

type cryptoRand struct{}

func (cryptoRand) Read(p []byte) (int, error) { return rand.Read(p) }
