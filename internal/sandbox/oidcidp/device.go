package oidcidp

import (
	"crypto/rand"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/loginform"
)

// DeviceInterval is the initial polling interval of the device grant.
const DeviceInterval = 5 * time.Second

type deviceState int

const (
	devicePending deviceState = iota
	deviceApproved
	deviceDenied
	deviceConsumed
)

// deviceAuth is one device authorization (RFC 8628).
type deviceAuth struct {
	clientID, scope, userCode, subject string
	expires, lastPoll, authTime        time.Time
	interval                           time.Duration
	state                              deviceState
	failures                           int
}

// userCodeAlphabet has no vowels or look-alikes (RFC 8628 §6.1).
const userCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ"

func newUserCode() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	var sb strings.Builder
	for i, c := range b {
		if i == 4 {
			sb.WriteByte('-')
		}
		sb.WriteByte(userCodeAlphabet[int(c)%len(userCodeAlphabet)])
	}
	return sb.String()
}

// normalizeUserCode upper-cases and drops separators, so "bcdf-ghjk" and
// "BCDFGHJK" match.
func normalizeUserCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// handleDeviceCode is the device authorization endpoint (RFC 8628 §3.1).
func (p *Provider) handleDeviceCode(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodPost) {
		return
	}
	resp, e := p.deviceCode(r)
	if e != nil {
		writeOAuthError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func (p *Provider) deviceCode(r *http.Request) (map[string]any, *oauthError) {
	form, c, e := p.clientForm(r)
	if e != nil {
		return nil, e
	}
	scope := form.Get("scope")
	if !hasScope(scope, "openid") {
		return nil, newErr(http.StatusBadRequest, "invalid_scope", "scope must include openid")
	}
	now := p.now()
	d := &deviceAuth{clientID: c.ID, scope: scope, expires: now.Add(p.opts.DeviceCodeTTL), interval: DeviceInterval}
	dc, ok := p.st.putDevice(d, now)
	if !ok {
		return nil, newErr(http.StatusServiceUnavailable, "temporarily_unavailable", "too many device authorizations pending")
	}
	verify := p.endpoint("/device")
	return map[string]any{
		"device_code":               dc,
		"user_code":                 d.userCode,
		"verification_uri":          verify,
		"verification_uri_complete": verify + "?user_code=" + url.QueryEscape(d.userCode),
		"expires_in":                int64(p.opts.DeviceCodeTTL.Seconds()),
		"interval":                  int64(DeviceInterval.Seconds()),
	}, nil
}

var codeEntryPage = template.Must(template.New("device").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Device sign-in</title></head>
<body><main><h1>Device sign-in</h1>
{{if .}}<p role="alert" class="error">{{.}}</p>{{end}}
<form method="get"><label>Code shown on your device <input name="user_code" autocomplete="off" autofocus required></label>
<button type="submit">Continue</button></form></main></body></html>
`))

func renderCodeEntry(w http.ResponseWriter, status int, msg string) {
	setPageHeaders(w)
	w.WriteHeader(status)
	_ = codeEntryPage.Execute(w, msg)
}

// handleDevice is the user verification page (RFC 8628 §3.3): enter the
// user code, then sign in with the shared login form.
func (p *Provider) handleDevice(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		p.showDevice(w, r)
	case http.MethodPost:
		p.approveDevice(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		renderError(w, http.StatusMethodNotAllowed, "Method not allowed.")
	}
}

func (p *Provider) showDevice(w http.ResponseWriter, r *http.Request) {
	q, e := parseQuery(r)
	if e != nil {
		renderCodeEntry(w, e.Status, "The request is malformed.")
		return
	}
	if !q.Has("user_code") {
		renderCodeEntry(w, http.StatusOK, "")
		return
	}
	uc := normalizeUserCode(q.Get("user_code"))
	if !p.st.devicePending(uc, p.now()) {
		renderCodeEntry(w, http.StatusBadRequest, "That code is unknown or has expired.")
		return
	}
	p.renderDeviceLogin(w, http.StatusOK, uc, "")
}

func (p *Provider) renderDeviceLogin(w http.ResponseWriter, status int, uc, msg string) {
	loginform.Render(w, status, loginform.Page{
		Title:  "Sign in to approve device " + uc[:min(4, len(uc))] + "-" + uc[min(4, len(uc)):],
		Action: p.path + "/device",
		Error:  msg,
		Hidden: []loginform.Field{{Name: "user_code", Value: uc}},
	})
}

func (p *Provider) approveDevice(w http.ResponseWriter, r *http.Request) {
	form, e := readForm(r)
	if e != nil {
		renderCodeEntry(w, e.Status, "The form is malformed.")
		return
	}
	uc := normalizeUserCode(form.Get("user_code"))
	if !p.st.devicePending(uc, p.now()) {
		renderCodeEntry(w, http.StatusBadRequest, "That code is unknown or has expired.")
		return
	}
	if form.Get("cancel") != "" {
		p.st.decideDevice(uc, "", p.now(), false)
		renderMessage(w, http.StatusOK, "Device sign-in", "The device was denied access.")
		return
	}
	user, ok := p.opts.Directory.Authenticate(form.Get("username"), form.Get("password"))
	if !ok {
		if p.st.deviceFailure(uc) >= maxLoginFailures {
			p.st.decideDevice(uc, "", p.now(), false)
			renderMessage(w, http.StatusForbidden, "Device sign-in", "Too many failed attempts; the device was denied.")
			return
		}
		p.renderDeviceLogin(w, http.StatusUnauthorized, uc, "Invalid username or password.")
		return
	}
	p.st.decideDevice(uc, user.Subject, p.now(), true)
	p.log.Info("oidc device approved", "user", user.Username)
	renderMessage(w, http.StatusOK, "Device sign-in", "Signed in. You can return to your device.")
}
