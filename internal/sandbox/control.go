package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/faults"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

// mountControl serves the sandbox's own endpoints under /sandbox/.
func (s *Sandbox) mountControl(mux *http.ServeMux) {
	mux.HandleFunc("GET /sandbox/info", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, s.Info()) })
	mux.HandleFunc("GET /sandbox/aws-config", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(s.Info().AWSConfig()))
	})
	mux.HandleFunc("GET /sandbox/ledger", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, s.Ledger.Entries(ledgerFilter(r)))
	})
	mux.HandleFunc("GET /sandbox/faults", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, s.Faults.Rules()) })
	mux.HandleFunc("POST /sandbox/faults", s.setFaults)
	mux.HandleFunc("POST /sandbox/saml/service-providers", s.setSAMLServiceProvider)
	mux.HandleFunc("POST /sandbox/oidc/clients", s.setOIDCClient)
	mux.HandleFunc("GET /sandbox/soak/users", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, s.SoakUsers()) })
	mux.HandleFunc("POST /sandbox/soak/reassign", s.reassignEmail)
	mux.HandleFunc("POST /sandbox/users/disable", s.disableUser)
	mux.HandleFunc("DELETE /sandbox/faults", func(w http.ResponseWriter, r *http.Request) {
		s.Faults.Reset()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /sandbox/keys/rotate", func(w http.ResponseWriter, r *http.Request) {
		if err := s.oidc.RotateKeys(); err != nil {
			http.Error(w, "rotate keys failed", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /sandbox/sessions/revoke", func(w http.ResponseWriter, r *http.Request) {
		s.revokeSessions(time.Now())
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /sandbox/idc/jwks", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(s.idc.JWKS())
	})
}

// setFaults takes {"service": Rule, ...}; durations are Go duration strings
// or integer nanoseconds. A body with any bad rule changes nothing.
func (s *Sandbox) setFaults(w http.ResponseWriter, r *http.Request) {
	rules, err := readRules(http.MaxBytesReader(w, r.Body, 1<<16))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for svc, rule := range rules {
		s.Faults.Set(svc, rule)
	}
	writeJSON(w, s.Faults.Rules())
}

// readRules decodes a fault body; each error names the service and field.
func readRules(body io.Reader) (map[string]faults.Rule, error) {
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(body).Decode(&raw); err != nil {
		return nil, fmt.Errorf("body must be a JSON object of service name to fault rule: %w", err)
	}
	rules := make(map[string]faults.Rule, len(raw))
	for svc, b := range raw {
		var rule faults.Rule
		if err := json.Unmarshal(b, &rule); err != nil {
			return nil, fmt.Errorf("fault rule %s: %w", svc, err)
		}
		rules[svc] = rule
	}
	return rules, nil
}

func ledgerFilter(r *http.Request) func(ledger.Entry) bool {
	svc, op := r.URL.Query().Get("service"), r.URL.Query().Get("operation")
	return func(e ledger.Entry) bool {
		return (svc == "" || e.Service == svc) && (op == "" || e.Operation == op)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
