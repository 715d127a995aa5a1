package awsauth

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

type errKind int

const (
	ok errKind = iota
	kMissing
	kIncomplete
	kSignature
	kUnknown
	kExpired
)

// family is one protocol family's vocabulary and skew window.
type family struct {
	name    string
	f       Family
	service string
	skew    time.Duration
	label   string
	codes   map[errKind]string
	missing string
}

var families = []family{
	{name: "query", f: Query, service: "sts", skew: 15 * time.Minute, label: "15 min.",
		codes: map[errKind]string{kMissing: "MissingAuthenticationToken", kIncomplete: "IncompleteSignature",
			kSignature: "SignatureDoesNotMatch", kUnknown: "InvalidClientTokenId", kExpired: "ExpiredToken"},
		missing: "Request is missing Authentication Token"},
	{name: "json", f: JSON, service: "qbusiness", skew: 5 * time.Minute, label: "5 min.",
		codes: map[errKind]string{kMissing: "MissingAuthenticationTokenException", kIncomplete: "IncompleteSignatureException",
			kSignature: "InvalidSignatureException", kUnknown: "UnrecognizedClientException", kExpired: "ExpiredTokenException"},
		missing: "Missing Authentication Token"},
}

var statuses = map[errKind]int{kMissing: 403, kIncomplete: 400, kSignature: 403, kUnknown: 403, kExpired: 403}

const (
	msgInvalidToken = "The security token included in the request is invalid."
	msgExpiredToken = "The security token included in the request is expired"
	msgContentSHA   = "The provided 'x-amz-content-sha256' header does not match what was computed."
)

// env is the per-case world: a rig, a long-term key and two sessions.
type env struct {
	*rig
	fam          family
	admin        Credentials
	sess, other  Credentials
	sessionOwner Principal
}

func newEnv(t *testing.T, fam family) *env {
	t.Helper()
	e := &env{rig: newRig(t), fam: fam, sessionOwner: rolePrincipal("mary@example.com")}
	e.admin = e.a.NewLongTermKey(userPrincipal())
	var err error
	if e.sess, err = e.a.Mint(e.sessionOwner, time.Hour); err != nil {
		t.Fatal(err)
	}
	if e.other, err = e.a.Mint(rolePrincipal("mateo@example.com"), time.Hour); err != nil {
		t.Fatal(err)
	}
	return e
}

func adminCreds(e *env) aws.Credentials { return e.admin.SDK() }
func sessCreds(e *env) aws.Credentials  { return e.sess.SDK() }

// vcase is one signed request and the verdict Verify must reach.
type vcase struct {
	name      string
	method    string // default POST
	path      string // default "/"
	body      string // default a form body
	noBody    bool   // send no body at all
	headers   map[string]string
	creds     func(*env) aws.Credentials // default adminCreds; nil result = unsigned
	payload   func(body string) string   // default sha256(body)
	service   string                     // default the family's
	region    string                     // default us-east-1
	at        func(*env) time.Time       // default t0
	setup     func(*env)
	before    func(*http.Request) // after headers, before signing
	after     func(*http.Request) // after signing
	unsigned  bool
	streaming bool
	want      errKind
	msg       func(*env, *http.Request) string
}

func (c vcase) run(t *testing.T, fam family) {
	e := newEnv(t, fam)
	if c.setup != nil {
		c.setup(e)
	}
	body := or(c.body, "Action=GetCallerIdentity&Version=2011-06-15")
	if c.noBody {
		body = ""
	}
	req := e.newRequest(t, or(c.method, http.MethodPost), or(c.path, "/"), body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	if c.before != nil {
		c.before(req)
	}
	if !c.unsigned {
		creds := adminCreds
		if c.creds != nil {
			creds = c.creds
		}
		payload := hashHex([]byte(body))
		if c.payload != nil {
			payload = c.payload(body)
		}
		at := t0
		if c.at != nil {
			at = c.at(e)
		}
		sign(t, req, creds(e), payload, or(c.service, fam.service), or(c.region, "us-east-1"), at)
	}
	if c.after != nil {
		c.after(req)
	}
	got := e.do(t, req, Request{Family: fam.f, Service: fam.service, Region: "us-east-1", AllowStreaming: c.streaming})
	if c.want == ok {
		if got.err != nil {
			t.Fatalf("rejected: %v", got.err)
		}
		if got.v == nil {
			t.Fatal("no verification outcome")
		}
		return
	}
	msg := ""
	if c.msg != nil {
		msg = c.msg(e, req)
	}
	assertWireError(t, got.err, statuses[c.want], fam.codes[c.want], msg)
	if got.v != nil {
		t.Fatal("a rejected request also returned a Verified")
	}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func fixed(s string) func(*env, *http.Request) string {
	return func(*env, *http.Request) string { return s }
}

const sigMismatch = signatureMismatch

func TestVerifyAccepts(t *testing.T) {
	cases := []vcase{
		{name: "long-term key"},
		{name: "session token", creds: sessCreds},
		{name: "GET without body", method: http.MethodGet, path: "/applications", noBody: true},
		{name: "path with characters that need escaping", path: "/applications/a%20b%3Ac%2Fd/conversations"},
		{name: "path with unicode", path: "/documents/%C3%A9t%C3%A9"},
		{name: "repeated and unordered query keys", path: "/?z=1&a=2&a=1&m=%2F&sync"},
		{name: "query with reserved characters", path: "/?next=a%2Bb%20c&filter=%3D%26"},
		{name: "content-length signed"},
		{name: "content-length sent but not signed",
			before: func(r *http.Request) { r.ContentLength = -1 },
			after:  func(r *http.Request) { r.ContentLength = int64(len("Action=GetCallerIdentity&Version=2011-06-15")) }},
		{name: "chunked body, length not signed",
			before: func(r *http.Request) { r.ContentLength = -1 }},
		{name: "x-amz-content-sha256 correct",
			headers: map[string]string{"X-Amz-Content-Sha256": hashHex([]byte("Action=GetCallerIdentity&Version=2011-06-15"))}},
		{name: "unsigned header added after signing",
			after: func(r *http.Request) { r.Header.Set("X-Forwarded-For", "10.0.0.1") }},
		{name: "user-agent changed after signing",
			after: func(r *http.Request) { r.Header.Set("User-Agent", "other/1.0") }},
		{name: "authorization without spaces after commas",
			after: func(r *http.Request) {
				r.Header.Set("Authorization", strings.ReplaceAll(r.Header.Get("Authorization"), ", ", ","))
			}},
		{name: "streaming payload when allowed", streaming: true, noBody: true,
			headers: map[string]string{"X-Amz-Content-Sha256": StreamingPayload},
			payload: func(string) string { return StreamingPayload }},
	}
	for _, fam := range families {
		for _, c := range cases {
			t.Run(fam.name+"/"+c.name, func(t *testing.T) { c.run(t, fam) })
		}
	}
}

func TestVerifyOutcome(t *testing.T) {
	for _, fam := range families {
		t.Run(fam.name, func(t *testing.T) {
			e := newEnv(t, fam)
			req := e.newRequest(t, http.MethodPost, "/", "x=1")
			sign(t, req, e.sess.SDK(), hashHex([]byte("x=1")), fam.service, "us-east-1", t0)
			got := e.do(t, req, Request{Family: fam.f, Service: fam.service, Region: "us-east-1"})
			if got.err != nil {
				t.Fatal(got.err)
			}
			v := got.v
			if v.Principal.ARN != e.sessionOwner.ARN || v.Principal.Email() != "mary@example.com" {
				t.Fatalf("principal %+v", v.Principal)
			}
			if v.Credentials != (aws.Credentials{AccessKeyID: e.sess.AccessKeyID, SecretAccessKey: e.sess.SecretAccessKey, SessionToken: e.sess.SessionToken}) {
				t.Fatalf("credentials %+v", v.Credentials)
			}
			if v.Region != "us-east-1" || v.Service != fam.service || !v.SigningTime.Equal(t0) || len(v.Signature) != 32 {
				t.Fatalf("verified %+v", v)
			}
		})
	}
}

func TestVerifyRejects(t *testing.T) {
	for _, fam := range families {
		for _, c := range rejectCases(fam) {
			t.Run(fam.name+"/"+c.name, func(t *testing.T) { c.run(t, fam) })
		}
	}
}

func rejectCases(fam family) []vcase {
	const layout = "20060102T150405Z"
	expired := func(at time.Time) func(*env, *http.Request) string {
		return fixed("Signature expired: " + at.Format(layout) + " is now earlier than " + t0.Add(-fam.skew).Format(layout) +
			" (" + t0.Format(layout) + " - " + fam.label + ")")
	}
	future := func(at time.Time) func(*env, *http.Request) string {
		return fixed("Signature not yet current: " + at.Format(layout) + " is still later than " + t0.Add(fam.skew).Format(layout) +
			" (" + t0.Format(layout) + " + " + fam.label + ")")
	}
	past, ahead := t0.Add(-fam.skew-time.Second), t0.Add(fam.skew+time.Second)
	return []vcase{
		{name: "missing authorization", unsigned: true, want: kMissing, msg: fixed(fam.missing)},
		{name: "missing authorization with other sigv4 headers", unsigned: true, want: kMissing, msg: fixed(fam.missing),
			headers: map[string]string{"X-Amz-Date": t0.Format(layout), "X-Amz-Security-Token": "IQoJx"}},
		{name: "unknown access key", want: kUnknown, msg: fixed(msgInvalidToken),
			creds: func(*env) aws.Credentials {
				return aws.Credentials{AccessKeyID: "AKIAUNKNOWNUNKNOWN00", SecretAccessKey: strings.Repeat("s", 40)}
			}},
		{name: "bad secret", want: kSignature, msg: fixed(sigMismatch),
			creds: func(e *env) aws.Credentials {
				c := e.admin.SDK()
				c.SecretAccessKey = strings.Repeat("x", 40)
				return c
			}},
		{name: "bad secret with session", want: kSignature, msg: fixed(sigMismatch),
			creds: func(e *env) aws.Credentials {
				c := e.sess.SDK()
				c.SecretAccessKey = e.other.SecretAccessKey
				return c
			}},
		{name: "body changed after signing", want: kSignature, msg: fixed(sigMismatch),
			after: func(r *http.Request) {
				r.Body = io.NopCloser(strings.NewReader("Action=GetCallerIdentity&Version=2011-06-16"))
			}},
		{name: "header changed after signing", want: kSignature, msg: fixed(sigMismatch),
			after: func(r *http.Request) { r.Header.Set("Content-Type", "application/json") }},
		{name: "signed header removed after signing", want: kSignature, msg: fixed(sigMismatch),
			after: func(r *http.Request) { r.Header.Del("Content-Type") }},
		{name: "target header changed after signing", want: kSignature, msg: fixed(sigMismatch),
			headers: map[string]string{"X-Amz-Target": "secretsmanager.GetSecretValue"},
			after:   func(r *http.Request) { r.Header.Set("X-Amz-Target", "secretsmanager.DeleteSecret") }},
		{name: "method changed after signing", want: kSignature, msg: fixed(sigMismatch),
			after: func(r *http.Request) { r.Method = http.MethodPut }},
		{name: "path changed after signing", want: kSignature, msg: fixed(sigMismatch), path: "/applications/a",
			after: func(r *http.Request) { r.URL.Path = "/applications/b" }},
		{name: "query added after signing", want: kSignature, msg: fixed(sigMismatch), path: "/?a=1",
			after: func(r *http.Request) { r.URL.RawQuery = "a=1&b=2" }},
		{name: "query value changed after signing", want: kSignature, msg: fixed(sigMismatch), path: "/?a=1&a=2",
			after: func(r *http.Request) { r.URL.RawQuery = "a=1&a=3" }},
		{name: "host not among the signed headers", want: kSignature,
			msg: fixed("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."),
			after: func(r *http.Request) {
				r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), ";host;", ";", 1))
			}},
		{name: "host changed after signing", want: kSignature, msg: fixed(sigMismatch),
			after: func(r *http.Request) { r.Host = "sts.amazonaws.com" }},
		{name: "signed content-length, body sent chunked", want: kSignature, msg: fixed(sigMismatch),
			after: func(r *http.Request) { r.ContentLength = -1 }},
		{name: "signature altered", want: kSignature, msg: fixed(sigMismatch),
			after: func(r *http.Request) {
				h := r.Header.Get("Authorization")
				last := h[len(h)-1]
				flip := byte('0')
				if last == '0' {
					flip = '1'
				}
				r.Header.Set("Authorization", h[:len(h)-1]+string(flip))
			}},
		{name: "x-amz-content-sha256 mismatch", want: kSignature, msg: fixed(msgContentSHA),
			headers: map[string]string{"X-Amz-Content-Sha256": hashHex([]byte("something else"))},
			payload: func(string) string { return hashHex([]byte("something else")) }},
		{name: "streaming payload refused", want: kSignature, msg: fixed(sigMismatch), noBody: true,
			headers: map[string]string{"X-Amz-Content-Sha256": StreamingPayload},
			payload: func(string) string { return StreamingPayload }},
		{name: "session token missing", want: kUnknown, msg: fixed(msgInvalidToken),
			creds: func(e *env) aws.Credentials {
				c := e.sess.SDK()
				c.SessionToken = ""
				return c
			}},
		{name: "session token removed after signing", want: kUnknown, msg: fixed(msgInvalidToken), creds: sessCreds,
			after: func(r *http.Request) { r.Header.Del("X-Amz-Security-Token") }},
		{name: "session token altered", want: kUnknown, msg: fixed(msgInvalidToken),
			creds: func(e *env) aws.Credentials {
				c := e.sess.SDK()
				c.SessionToken = alterAt(c.SessionToken, len(c.SessionToken)/2)
				return c
			}},
		{name: "session token prefix altered", want: kUnknown, msg: fixed(msgInvalidToken),
			creds: func(e *env) aws.Credentials {
				c := e.sess.SDK()
				c.SessionToken = "FQoG" + c.SessionToken[4:]
				return c
			}},
		{name: "session token altered after signing", want: kUnknown, msg: fixed(msgInvalidToken), creds: sessCreds,
			after: func(r *http.Request) {
				r.Header.Set("X-Amz-Security-Token", alterAt(r.Header.Get("X-Amz-Security-Token"), 10))
			}},
		{name: "session token of another key", want: kUnknown, msg: fixed(msgInvalidToken),
			creds: func(e *env) aws.Credentials {
				c := e.sess.SDK()
				c.SessionToken = e.other.SessionToken
				return c
			}},
		{name: "session token as context assertion", want: kUnknown, msg: fixed(msgInvalidToken),
			creds: func(e *env) aws.Credentials {
				c := e.sess.SDK()
				s, err := e.a.SealContext(IdentityContext{UserID: "u", ExpiresAt: t0.Add(time.Hour)})
				if err != nil {
					panic(err)
				}
				c.SessionToken = "IQoJ" + s
				return c
			}},
		{name: "session expired", want: kExpired, msg: fixed(msgExpiredToken), creds: sessCreds,
			setup: func(e *env) { e.clock.Set(e.sess.Expiration) },
			at:    func(e *env) time.Time { return e.sess.Expiration }},
		{name: "session revoked", want: kExpired, msg: fixed(msgExpiredToken), creds: sessCreds,
			setup: func(e *env) { e.a.RevokeSessionsIssuedBefore(t0.Add(time.Millisecond)) }},
		{name: "long-term key with a session token", want: kUnknown, msg: fixed(msgInvalidToken),
			creds: func(e *env) aws.Credentials {
				c := e.admin.SDK()
				c.SessionToken = e.sess.SessionToken
				return c
			}},
		{name: "skew just outside in the past", want: kSignature, msg: expired(past), at: func(*env) time.Time { return past }},
		{name: "skew just outside in the future", want: kSignature, msg: future(ahead), at: func(*env) time.Time { return ahead }},
		{name: "scope date mismatch", want: kSignature,
			after: func(r *http.Request) {
				r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/20250314/", "/20250315/", 1))
			},
			msg: fixed("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20250315' != '20250314', from '20250314T123000Z'.")},
		{name: "wrong region", want: kSignature, region: "eu-west-1",
			msg: fixed("Credential should be scoped to a valid Region, not 'eu-west-1'.")},
		{name: "wrong service", want: kSignature, service: "iam",
			msg: fixed("Credential should be scoped to correct service: '" + fam.service + "'.")},
		{name: "wrong terminator", want: kSignature,
			after: func(r *http.Request) {
				r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/aws4_request,", "/aws5_request,", 1))
			},
			msg: fixed("Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.")},
		{name: "x-amz-date missing", want: kIncomplete,
			after: func(r *http.Request) { r.Header.Del("X-Amz-Date") },
			msg:   fixed("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")},
		{name: "x-amz-date malformed", want: kIncomplete,
			after: func(r *http.Request) { r.Header.Set("X-Amz-Date", "2025-03-14T12:30:00Z") },
			msg:   fixed("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")},
		{name: "x-amz-date in another spelling of the signed instant", want: kIncomplete,
			after: func(r *http.Request) { r.Header.Set("X-Amz-Date", "20250314T123000.000Z") },
			msg:   fixed("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")},
		{name: "x-amz-date with a one-digit hour", want: kIncomplete,
			after: func(r *http.Request) { r.Header.Set("X-Amz-Date", "20250314T13000Z") },
			msg:   fixed("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")},
	}
}

// TestVerifySkewInside accepts signatures exactly at both edges of the window.
func TestVerifySkewInside(t *testing.T) {
	for _, fam := range families {
		for _, d := range []time.Duration{-fam.skew, -fam.skew + time.Second, fam.skew - time.Second, fam.skew} {
			at := t0.Add(d)
			c := vcase{name: d.String(), at: func(*env) time.Time { return at }}
			t.Run(fam.name+"/"+c.name, func(t *testing.T) { c.run(t, fam) })
		}
	}
}

// TestVerifyMintedAfterRevocation: a revocation only hits sessions issued
// before it, even within the same second.
func TestVerifyMintedAfterRevocation(t *testing.T) {
	for _, fam := range families {
		t.Run(fam.name, func(t *testing.T) {
			e := newEnv(t, fam)
			e.clock.Set(t0.Add(400 * time.Millisecond))
			e.a.RevokeSessionsIssuedBefore(e.clock.Now())
			e.clock.Set(t0.Add(700 * time.Millisecond))
			fresh, err := e.a.Mint(e.sessionOwner, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				name  string
				creds Credentials
				want  bool
			}{{"issued before", e.sess, false}, {"issued after", fresh, true}} {
				req := e.newRequest(t, http.MethodPost, "/", "a=1")
				sign(t, req, tc.creds.SDK(), hashHex([]byte("a=1")), fam.service, "us-east-1", t0)
				got := e.do(t, req, Request{Family: fam.f, Service: fam.service, Region: "us-east-1"})
				if (got.err == nil) != tc.want {
					t.Fatalf("%s: err %v, want accepted=%v", tc.name, got.err, tc.want)
				}
			}
		})
	}
}

func alterAt(s string, i int) string {
	b := []byte(s)
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}
