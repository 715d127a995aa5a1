package loopback

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
)

// ReadFunc extracts the values of a request; when the request is unusable it
// answers w itself and returns false.
type ReadFunc func(w http.ResponseWriter, r *http.Request) (url.Values, bool)

// ReadQuery reads the URL query (a redirect to the listener).
func ReadQuery(_ http.ResponseWriter, r *http.Request) (url.Values, bool) {
	return r.URL.Query(), true
}

// ReadForm reads an application/x-www-form-urlencoded body of at most
// maxBody bytes (an HTML form post): another media type gets 415, a larger
// body 413, a malformed one 400.
func ReadForm(maxBody int64) ReadFunc {
	return func(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/x-www-form-urlencoded" {
			http.Error(w, "expected an HTML form post", http.StatusUnsupportedMediaType)
			return nil, false
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		if err := r.ParseForm(); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "the response is too large", http.StatusRequestEntityTooLarge)
				return nil, false
			}
			http.Error(w, "malformed form", http.StatusBadRequest)
			return nil, false
		}
		return r.PostForm, true
	}
}
