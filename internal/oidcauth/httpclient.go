package oidcauth

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// errBodyTooLarge is returned when a response body exceeds the cap.
var errBodyTooLarge = errors.New("response body too large")

// cappedClient returns a copy of c whose response bodies fail after max
// bytes, so discovery, JWKS and token responses cannot exhaust memory.
func cappedClient(c *http.Client, max int64) *http.Client {
	cp := *c
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	cp.Transport = capTransport{base: base, max: max}
	return &cp
}

type capTransport struct {
	base http.RoundTripper
	max  int64
}

func (t capTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	resp.Body = &cappedBody{rc: resp.Body, max: t.max}
	return resp, nil
}

type cappedBody struct {
	rc        io.ReadCloser
	read, max int64
}

// Read lets one byte past the cap through to tell "exactly max" from "more".
func (b *cappedBody) Read(p []byte) (int, error) {
	if b.read > b.max {
		return 0, errBodyTooLarge
	}
	if room := b.max + 1 - b.read; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := b.rc.Read(p)
	b.read += int64(n)
	if b.read > b.max {
		return n, errBodyTooLarge
	}
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }

// readBody reads a capped body and classifies the status.
func readBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	return body, nil
}
