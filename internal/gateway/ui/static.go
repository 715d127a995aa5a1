package ui

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static/app.js static/app.css
var staticFS embed.FS

// asset is one embedded file and the names it is served under.
type asset struct {
	body        []byte
	contentType string
	etag        string
	hashed      string // its name with a hash of its content: app.<hash>.js
}

// assets are the script and the stylesheet, keyed by their plain name.
var assets = loadAssets(map[string]string{
	"app.js":  "text/javascript; charset=utf-8",
	"app.css": "text/css; charset=utf-8",
})

func loadAssets(types map[string]string) map[string]*asset {
	out := make(map[string]*asset, len(types))
	for name, ct := range types {
		b, err := staticFS.ReadFile("static/" + name)
		if err != nil {
			panic("ui: embedded asset missing: " + name)
		}
		sum := sha256.Sum256(b)
		h := hex.EncodeToString(sum[:])[:16]
		ext := path.Ext(name)
		out[name] = &asset{body: b, contentType: ct, etag: `"` + h + `"`,
			hashed: strings.TrimSuffix(name, ext) + "." + h + ext}
	}
	return out
}

// assetURL is the URL a page links name under: its hashed name, cached
// for good, since a new build changes the name.
func assetURL(name string) (string, error) {
	a, ok := assets[name]
	if !ok {
		return "", &unknownAssetError{name}
	}
	return "/static/" + a.hashed, nil
}

type unknownAssetError struct{ name string }

func (e *unknownAssetError) Error() string { return "ui: no asset " + e.name }

const (
	cacheImmutable   = "public, max-age=31536000, immutable"
	cacheRevalidate  = "no-cache"
	maxAssetNameSize = 64
)

// Static serves /static/app.js and /static/app.css (revalidated on every
// use) and their hashed names /static/app.<hash>.js, /static/app.<hash>.css
// (immutable), each with its content type and nosniff. Any other path is
// 404. It accepts the path with or without the /static/ prefix.
func Static() http.Handler {
	byName := make(map[string]*asset, 2*len(assets))
	cache := make(map[string]string, 2*len(assets))
	for name, a := range assets {
		byName[name], cache[name] = a, cacheRevalidate
		byName[a.hashed], cache[a.hashed] = a, cacheImmutable
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		a, ok := byName[name]
		if !ok || len(name) > maxAssetNameSize {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.contentType)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", cache[name])
		h.Set("ETag", a.etag)
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.body))
	})
}
