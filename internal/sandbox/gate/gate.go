// Package gate is the front door every emulated AWS request passes: it
// assigns a request id, buffers the body within limits, verifies SigV4 (except
// for the operations AWS serves anonymously), applies injected faults, and
// records the request in the ledger before the service handler runs.
package gate

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/faults"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// Service describes one emulated AWS service.
type Service struct {
	// Name is the ledger/fault name: sts, iam, sso-oidc, sso-admin, secretsmanager, qbusiness.
	Name string
	// SigningName is the SigV4 service in the credential scope.
	SigningName string
	Family      awsauth.Family
	// Namespace is the awsQuery XML namespace (Query family only).
	Namespace string
	// JSONContentType is the error content type (JSON family only).
	JSONContentType string
	// ThrottleCode is the service's throttling error code.
	ThrottleCode string
	// Anonymous reports operations AWS serves without a signature.
	Anonymous func(r *http.Request, body []byte) bool
	// Streaming reports requests whose body is an event stream (left unbuffered).
	Streaming func(r *http.Request) bool
	Handler   http.Handler
}

// Gate holds what every request needs.
type Gate struct {
	Authority *awsauth.Authority
	Ledger    *ledger.Ledger
	Faults    *faults.Injector
	Region    string
	Logger    *slog.Logger
}

// Wrap returns the handler that serves svc behind the gate.
func (g *Gate) Wrap(svc Service) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := wire.WithRequestID(r.Context(), wire.NewRequestID())
		ctx, note := ledger.WithNote(ctx)
		r = r.WithContext(ctx)
		rec := &statusRecorder{ResponseWriter: w, status: 200}
		v := g.admit(rec, r, svc)
		g.record(svc, r, rec, note, v)
	})
}

func (g *Gate) admit(w *statusRecorder, r *http.Request, svc Service) *awsauth.Verified {
	streaming := svc.Streaming != nil && svc.Streaming(r)
	var body []byte
	if !streaming {
		b, err := wire.ReadBody(r.Body, wire.MaxBody)
		if err != nil {
			Fail(w, r, svc, wire.Errorf(413, tooLargeCode(svc), "Request body exceeds the maximum size of %d bytes", wire.MaxBody))
			return nil
		}
		body = b
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	var v *awsauth.Verified
	if svc.Anonymous == nil || !svc.Anonymous(r, body) || r.Header.Get("Authorization") != "" {
		var werr *wire.Error
		v, werr = g.Authority.Verify(r, awsauth.Request{Family: svc.Family, Service: svc.SigningName, Region: g.region(svc), Body: body, AllowStreaming: streaming})
		if werr != nil {
			Fail(w, r, svc, werr)
			return nil
		}
		*r = *r.WithContext(awsauth.WithVerified(r.Context(), v))
	}
	if g.injectFault(w, r, svc) {
		return v
	}
	svc.Handler.ServeHTTP(w, r)
	return v
}

func (g *Gate) region(svc Service) string {
	if svc.Name == "iam" {
		return "us-east-1"
	}
	return g.Region
}

func (g *Gate) injectFault(w *statusRecorder, r *http.Request, svc Service) bool {
	if g.Faults == nil {
		return false
	}
	switch g.Faults.Decide(svc.Name) {
	case faults.Throttle:
		Fail(w, r, svc, throttleError(svc))
		return true
	case faults.Fail:
		Fail(w, r, svc, internalError(svc))
		return true
	}
	return false
}

// Fail writes e in the service's protocol.
func Fail(w http.ResponseWriter, r *http.Request, svc Service, e *wire.Error) {
	if svc.Family == awsauth.Query {
		wire.WriteQueryError(w, r, svc.Namespace, e)
		return
	}
	wire.WriteJSONError(w, r, svc.JSONContentType, e)
}

func throttleError(svc Service) *wire.Error {
	code := svc.ThrottleCode
	if code == "" {
		code = "ThrottlingException"
	}
	status := 429
	if svc.Family == awsauth.Query {
		status = 400
	}
	return wire.Errorf(status, code, "Rate exceeded")
}

func internalError(svc Service) *wire.Error {
	if svc.Family == awsauth.Query {
		return wire.Errorf(500, "ServiceFailure", "An internal error occurred. Please try again.")
	}
	return wire.Errorf(500, "InternalServerException", "An internal error occurred. Please try again.")
}

func tooLargeCode(svc Service) string {
	if svc.Family == awsauth.Query {
		return "ValidationError"
	}
	return "ValidationException"
}

func (g *Gate) record(svc Service, r *http.Request, rec *statusRecorder, note *ledger.Note, v *awsauth.Verified) {
	if g.Ledger == nil {
		return
	}
	op, detail := note.Read()
	e := ledger.Entry{Time: time.Now().UTC(), Service: svc.Name, Operation: op, Status: rec.status, Code: note.Code(), Detail: detail}
	if v != nil {
		e.AccessKeyID, e.CallerARN = v.Credentials.AccessKeyID, v.Principal.ARN
		e.Identity = identityOf(v.Principal)
		e.Principal = v.Principal.Ledger()
	}
	if p := note.Principal(); p != nil {
		e.Principal = p
	}
	g.Ledger.Append(e)
}

func identityOf(p awsauth.Principal) string {
	if p.Context != nil {
		return "idc:" + p.Context.UserID
	}
	return p.Email()
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
