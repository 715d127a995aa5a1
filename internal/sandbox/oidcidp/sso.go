package oidcidp

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultSSOSessionTTL is how long the IdP remembers a browser whose user
// ticked "Stay signed in" (Okta's and Entra ID's default maximum session
// lifetimes are of this order).
const DefaultSSOSessionTTL = 12 * time.Hour

// ssoCookie names the browser's session at the IdP.
const ssoCookie = "sandbox_oidc_sso"

// ssoSession is a browser's session at the IdP: who signed in with a
// password, and when (the auth_time of every ID token it stands in for).
type ssoSession struct {
	subject           string
	authTime, expires time.Time
}

// ssoStore holds the IdP's browser sessions by their cookie value.
type ssoStore struct {
	mu sync.Mutex
	m  map[string]ssoSession
}

func (s *ssoStore) put(sess ssoSession, now time.Time) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]ssoSession{}
	}
	if !roomFor(s.m, func(x ssoSession) bool { return !now.Before(x.expires) }) {
		return "", false
	}
	id := randomToken(32)
	s.m[id] = sess
	return id, true
}

func (s *ssoStore) get(id string, now time.Time) (ssoSession, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.m[id]
	return sess, ok && now.Before(sess.expires)
}

// endSubject ends every browser session of one user.
func (s *ssoStore) endSubject(subject string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, x := range s.m {
		if x.subject == subject {
			delete(s.m, id)
		}
	}
}

// remember starts a browser session for subject after a password
// sign-in that ticked "Stay signed in".
func (p *Provider) remember(w http.ResponseWriter, subject string, now time.Time) {
	ttl := p.opts.SSOSessionTTL
	id, ok := p.sso.put(ssoSession{subject: subject, authTime: now, expires: now.Add(ttl)}, now)
	if !ok {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: id, Path: p.path + "/", MaxAge: int(ttl / time.Second),
		HttpOnly: true, Secure: strings.HasPrefix(p.opts.Issuer, "https://"), SameSite: http.SameSiteLaxMode})
}

// reusable is the browser's session when it may stand in for a password
// sign-in (OIDC Core §3.1.2.1): prompt is not login, the user is still
// enabled, and max_age, when sent, has not passed since the session's
// sign-in (max_age=0 always asks for the password).
func (p *Provider) reusable(r *http.Request, q url.Values) (ssoSession, bool) {
	c, err := r.Cookie(ssoCookie)
	if err != nil || slices.Contains(strings.Fields(q.Get("prompt")), "login") {
		return ssoSession{}, false
	}
	now := p.now()
	sess, ok := p.sso.get(c.Value, now)
	if !ok {
		return ssoSession{}, false
	}
	if u, known := p.opts.Directory.BySubject(sess.subject); !known || u.Disabled {
		return ssoSession{}, false
	}
	if q.Has("max_age") {
		secs, _ := strconv.ParseInt(q.Get("max_age"), 10, 64) // checked by checkAuthorizeParams
		if secs == 0 || now.Sub(sess.authTime) > time.Duration(secs)*time.Second {
			return ssoSession{}, false
		}
	}
	return sess, true
}

// validMaxAge: max_age is a non-negative number of seconds.
func validMaxAge(q url.Values) bool {
	if !q.Has("max_age") {
		return true
	}
	n, err := strconv.ParseInt(q.Get("max_age"), 10, 64)
	return err == nil && n >= 0 && n <= 1<<31
}

// signInSilently answers an authorization request from the browser's
// session: a code whose ID token carries the session's auth_time.
func (p *Provider) signInSilently(w http.ResponseWriter, r *http.Request, req authRequest, sess ssoSession) {
	now := p.now()
	code, ok := p.st.putCode(req.pending(), sess.subject, sess.authTime, now, now.Add(p.opts.CodeTTL))
	if !ok {
		renderError(w, http.StatusServiceUnavailable, "Too many sign-ins in progress; try again later.")
		return
	}
	p.log.Info("oidc sign-in from the browser's session", "client", req.client.ID)
	p.redirect(w, r, req.client, req.redirectURI, url.Values{"code": {code}, "state": {req.state}})
}
