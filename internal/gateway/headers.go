package gateway

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// HSTS is sent when the public URL is https: two years, subdomains too.
const hsts = "max-age=63072000; includeSubDomains"

type nonceKey struct{}

// Nonce is the CSP nonce of the response being written, for the page's
// <script> and <style> elements.
func Nonce(ctx context.Context) string {
	n, _ := ctx.Value(nonceKey{}).(string)
	return n
}

// headerPolicy writes the security headers every response carries.
type headerPolicy struct {
	https      bool
	formAction string // 'self' plus the IdPs' sign-on origins
	random     io.Reader
}

func newHeaderPolicy(publicURL *url.URL, ssoOrigins []string, random io.Reader) headerPolicy {
	fa := []string{"'self'"}
	for _, o := range ssoOrigins {
		if !slices.Contains(fa, o) { // IdPs often share one origin
			fa = append(fa, o)
		}
	}
	return headerPolicy{https: publicURL.Scheme == "https", formAction: strings.Join(fa, " "), random: random}
}

// csp is the Content-Security-Policy for one response.
func (h headerPolicy) csp(nonce string) string {
	return fmt.Sprintf("default-src 'self'; script-src 'nonce-%[1]s'; style-src 'self' 'nonce-%[1]s'; "+
		"img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "+
		"form-action %[2]s", nonce, h.formAction)
}

// wrap sets the headers before anything else can write, and puts the
// nonce in the request's context.
func (h headerPolicy) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonce, err := h.nonce()
		if err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		hd := w.Header()
		hd.Set("Content-Security-Policy", h.csp(nonce))
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Cross-Origin-Resource-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cache-Control", "no-store")
		hd.Set("Vary", "Cookie")
		if h.https {
			hd.Set("Strict-Transport-Security", hsts)
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), nonceKey{}, nonce)))
	})
}

func (h headerPolicy) nonce() (string, error) {
	b := make([]byte, 16)
	if _, err := io.ReadFull(h.random, b); err != nil {
		return "", fmt.Errorf("csp nonce: %w", err)
	}
	return base64.StdEncoding.EncodeToString(b), nil
}
