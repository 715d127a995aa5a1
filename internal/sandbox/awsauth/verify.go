package awsauth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

const amzDateLayout = "20060102T150405Z"

// StreamingPayload is the payload hash of an event-stream request (Chat).
const StreamingPayload = "STREAMING-AWS4-HMAC-SHA256-EVENTS"

// Family selects the error vocabulary and skew window of a protocol.
type Family int

const (
	// Query is awsQuery (STS, IAM): 15 minutes of skew, XML error codes.
	Query Family = iota
	// JSON is awsJson1_1 and restJson1: 5 minutes of skew, *Exception codes.
	JSON
)

// Request describes what the router expects of a request.
type Request struct {
	Family  Family
	Service string // signing name: sts, iam, sso-oauth, sso, secretsmanager, qbusiness
	Region  string
	// Body is the fully read body; nil when AllowStreaming and the body is a stream.
	Body           []byte
	AllowStreaming bool
}

// Verified is the outcome of a successful verification.
type Verified struct {
	Principal   Principal
	Credentials aws.Credentials
	// Signature is the request's signature bytes, the seed of event-stream chunk signatures.
	Signature   []byte
	Region      string
	Service     string
	SigningTime time.Time
}

type authHeader struct {
	accessKey, date, region, service, terminator string
	signedHeaders                                []string
	signature                                    string
}

// Verify checks r's SigV4 signature and resolves the caller.
func (a *Authority) Verify(r *http.Request, want Request) (*Verified, *wire.Error) {
	authz := r.Header.Get("Authorization")
	if authz == "" {
		return nil, authErr(want.Family, errMissingAuth, "")
	}
	h, msg := parseAuthorization(authz)
	if msg != "" {
		return nil, authErr(want.Family, errIncomplete, msg+" Authorization="+redactSignature(authz))
	}
	if !signsAuthority(h.signedHeaders) {
		return nil, authErr(want.Family, errSignature, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
	}
	signingTime, werr := a.checkTimeAndScope(r, h, want)
	if werr != nil {
		return nil, werr
	}
	token := r.Header.Get("X-Amz-Security-Token")
	secret, p, err := a.Resolve(h.accessKey, token)
	if err != nil {
		return nil, resolveErr(want.Family, err)
	}
	sig, werr := checkSignature(r, h, want, secret)
	if werr != nil {
		return nil, werr
	}
	creds := aws.Credentials{AccessKeyID: h.accessKey, SecretAccessKey: secret, SessionToken: token}
	return &Verified{Principal: p, Credentials: creds, Signature: sig, Region: h.region, Service: h.service, SigningTime: signingTime}, nil
}

// signsAuthority reports whether the signature covers the request's
// authority, without which it could be replayed to another host.
func signsAuthority(names []string) bool {
	for _, n := range names {
		if strings.EqualFold(n, "host") || n == ":authority" {
			return true
		}
	}
	return false
}

func parseAuthorization(v string) (authHeader, string) {
	var h authHeader
	rest, ok := strings.CutPrefix(v, "AWS4-HMAC-SHA256 ")
	if !ok {
		return h, "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."
	}
	var missing []string
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, val, _ := strings.Cut(strings.TrimSpace(part), "=")
		fields[k] = val
	}
	for _, name := range []string{"Credential", "Signature", "SignedHeaders"} {
		if fields[name] == "" {
			missing = append(missing, "Authorization header requires '"+name+"' parameter.")
		}
	}
	if len(missing) > 0 {
		return h, strings.Join(missing, " ")
	}
	scope := strings.Split(fields["Credential"], "/")
	if len(scope) != 5 {
		return h, "Authorization header requires 'Credential' parameter."
	}
	h.accessKey, h.date, h.region, h.service, h.terminator = scope[0], scope[1], scope[2], scope[3], scope[4]
	h.signedHeaders = strings.Split(fields["SignedHeaders"], ";")
	h.signature = fields["Signature"]
	return h, ""
}

func (a *Authority) checkTimeAndScope(r *http.Request, h authHeader, want Request) (time.Time, *wire.Error) {
	amzDate := r.Header.Get("X-Amz-Date")
	t, err := time.Parse(amzDateLayout, amzDate)
	// The signer canonicalises the date it is given, so only the exact
	// basic ISO-8601 spelling may pass: anything else was not what got signed.
	if err != nil || t.Format(amzDateLayout) != amzDate {
		return time.Time{}, authErr(want.Family, errIncomplete, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	if h.date != amzDate[:8] {
		return t, authErr(want.Family, errSignature, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"+h.date+"' != '"+amzDate[:8]+"', from '"+amzDate+"'.")
	}
	if h.terminator != "aws4_request" {
		return t, authErr(want.Family, errSignature, "Credential should be scoped with a valid terminator: 'aws4_request', not '"+h.terminator+"'.")
	}
	if h.region != want.Region {
		return t, authErr(want.Family, errSignature, "Credential should be scoped to a valid Region, not '"+h.region+"'.")
	}
	if h.service != want.Service {
		return t, authErr(want.Family, errSignature, "Credential should be scoped to correct service: '"+want.Service+"'.")
	}
	return t, a.checkSkew(t, want.Family)
}

func (a *Authority) checkSkew(t time.Time, f Family) *wire.Error {
	window, label := 5*time.Minute, "5 min."
	if f == Query {
		window, label = 15*time.Minute, "15 min."
	}
	now := a.now().UTC()
	const layout = amzDateLayout
	if t.Before(now.Add(-window)) {
		return authErr(f, errSignature, "Signature expired: "+t.Format(layout)+" is now earlier than "+now.Add(-window).Format(layout)+" ("+now.Format(layout)+" - "+label+")")
	}
	if t.After(now.Add(window)) {
		return authErr(f, errSignature, "Signature not yet current: "+t.Format(layout)+" is still later than "+now.Add(window).Format(layout)+" ("+now.Format(layout)+" + "+label+")")
	}
	return nil
}

// checkSignature recomputes the signature from the canonical request the
// client's SignedHeaders describe and compares it in constant time.
func checkSignature(r *http.Request, h authHeader, want Request, secret string) ([]byte, *wire.Error) {
	payload, werr := payloadHash(r, want)
	if werr != nil {
		return nil, werr
	}
	canonical, ok := canonicalRequest(r, h.signedHeaders, payload)
	if !ok {
		return nil, authErr(want.Family, errSignature, signatureMismatch)
	}
	sig := signature(secret, h, stringToSign(r.Header.Get("X-Amz-Date"), h.scope(), canonical))
	if !hmac.Equal([]byte(hex.EncodeToString(sig)), []byte(h.signature)) {
		return nil, authErr(want.Family, errSignature, signatureMismatch)
	}
	return sig, nil
}

func payloadHash(r *http.Request, want Request) (string, *wire.Error) {
	declared := r.Header.Get("X-Amz-Content-Sha256")
	if declared == StreamingPayload {
		if !want.AllowStreaming {
			return "", authErr(want.Family, errSignature, signatureMismatch)
		}
		return declared, nil
	}
	sum := sha256.Sum256(want.Body)
	actual := hex.EncodeToString(sum[:])
	if declared != "" && declared != actual {
		return "", authErr(want.Family, errSignature, "The provided 'x-amz-content-sha256' header does not match what was computed.")
	}
	return actual, nil
}

const signatureMismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

func redactSignature(v string) string {
	i := strings.Index(v, "Signature=")
	if i < 0 {
		return v
	}
	return v[:i] + "Signature=REDACTED"
}

type authKind int

const (
	errMissingAuth authKind = iota
	errIncomplete
	errSignature
	errUnknownKey
	errExpired
)

var codes = map[authKind][2]string{
	errMissingAuth: {"MissingAuthenticationToken", "MissingAuthenticationTokenException"},
	errIncomplete:  {"IncompleteSignature", "IncompleteSignatureException"},
	errSignature:   {"SignatureDoesNotMatch", "InvalidSignatureException"},
	errUnknownKey:  {"InvalidClientTokenId", "UnrecognizedClientException"},
	errExpired:     {"ExpiredToken", "ExpiredTokenException"},
}

func authErr(f Family, k authKind, msg string) *wire.Error {
	status := 403
	if k == errIncomplete {
		status = 400
	}
	switch {
	case msg != "":
	case k == errMissingAuth && f == Query:
		msg = "Request is missing Authentication Token"
	case k == errMissingAuth:
		msg = "Missing Authentication Token"
	}
	return &wire.Error{Status: status, Code: codes[k][f], Message: msg}
}

func resolveErr(f Family, err error) *wire.Error {
	switch {
	case errors.Is(err, ErrExpiredToken), errors.Is(err, ErrRevokedToken):
		return authErr(f, errExpired, "The security token included in the request is expired")
	default:
		return authErr(f, errUnknownKey, "The security token included in the request is invalid.")
	}
}

type verifiedKey struct{}

// WithVerified stores the verification outcome in ctx.
func WithVerified(ctx context.Context, v *Verified) context.Context {
	return context.WithValue(ctx, verifiedKey{}, v)
}

// FromContext returns the verified caller, or nil for anonymous requests.
func FromContext(ctx context.Context) *Verified {
	v, _ := ctx.Value(verifiedKey{}).(*Verified)
	return v
}
