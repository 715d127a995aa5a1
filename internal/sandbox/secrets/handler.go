package secrets

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

const targetPrefix = "secretsmanager."

type handler struct {
	s      *Store
	logger *slog.Logger
	ops    map[string]opFunc
}

// call is one request: the caller's scope (account and region) and body.
type call struct {
	prefix  string
	region  string
	account string
	body    []byte
}

type opFunc func(s *Store, c call) (any, *wire.Error)

// NewHandler serves the Secrets Manager API for s.
func NewHandler(s *Store, logger *slog.Logger) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &handler{s: s, logger: logger, ops: operations()}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
	fn, known := h.ops[name]
	if r.Method != http.MethodPost || !ok || !known {
		writeError(w, r, clientErr("UnknownOperationException", ""))
		return
	}
	ledger.SetOperation(r.Context(), name)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), wire.ContentTypeAWSJSON11) {
		writeError(w, r, clientErr("SerializationException", "Unsupported Content-Type"))
		return
	}
	v := awsauth.FromContext(r.Context())
	if v == nil {
		writeError(w, r, wire.Errorf(403, "MissingAuthenticationTokenException", "Missing Authentication Token"))
		return
	}
	body, err := wire.ReadBody(r.Body, wire.MaxBody)
	if err != nil {
		writeError(w, r, clientErr(codeValidation, "Request body too large"))
		return
	}
	out, werr := fn(h.s, call{prefix: scope(v.Region, v.Principal.Account), region: v.Region, account: v.Principal.Account, body: body})
	if werr != nil {
		if werr.Status >= 500 {
			h.logger.Error("secretsmanager request failed", "operation", name, "code", werr.Code)
		}
		writeError(w, r, werr)
		return
	}
	wire.WriteJSON(w, r, wire.ContentTypeAWSJSON11, 200, out)
}

func decode(c call, v any) *wire.Error {
	if err := wire.DecodeJSON(c.body, v, "SerializationException"); err != nil {
		return wire.AsError(err, codeInternal)
	}
	return nil
}

func createSecret(s *Store, c call) (any, *wire.Error) {
	var in createInput
	if werr := decode(c, &in); werr != nil {
		return nil, werr
	}
	if werr := in.validate(); werr != nil {
		return nil, werr
	}
	return s.create(c.region, c.account, in)
}

func getSecretValue(s *Store, c call) (any, *wire.Error) {
	var in getInput
	if werr := decode(c, &in); werr != nil {
		return nil, werr
	}
	return s.get(c.prefix, in)
}

func describeSecret(s *Store, c call) (any, *wire.Error) {
	var in struct{ SecretId string }
	if werr := decode(c, &in); werr != nil {
		return nil, werr
	}
	return s.describe(c.prefix, in.SecretId)
}

func deleteSecret(s *Store, c call) (any, *wire.Error) {
	var in deleteInput
	if werr := decode(c, &in); werr != nil {
		return nil, werr
	}
	return s.delete(c.prefix, in)
}
