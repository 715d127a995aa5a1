package cli

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/qbiz/qbiz/internal/logging"
	"github.com/qbiz/qbiz/internal/provision/diagnose"
)

// hopStatus is the outcome of one hop.
type hopStatus string

const (
	hopOK      hopStatus = "ok"
	hopFailed  hopStatus = "failed"
	hopSkipped hopStatus = "skipped"
	// hopWarn passed, with a problem to fix before it becomes a failure.
	hopWarn hopStatus = "warn"
)

// hopResult is one hop of a verification: passed with a detail, failed
// with what is wrong and how to fix it, or not run.
type hopResult struct {
	Hop     string    `json:"hop"`
	Status  hopStatus `json:"status"`
	Detail  string    `json:"detail,omitempty"`
	Problem string    `json:"problem,omitempty"`
	Fix     string    `json:"fix,omitempty"`
}

func passed(hop, detail string) hopResult { return hopResult{Hop: hop, Status: hopOK, Detail: detail} }

func skipped(hop, why string) hopResult { return hopResult{Hop: hop, Status: hopSkipped, Detail: why} }

func failedWith(hop string, f diagnose.Finding) hopResult {
	return hopResult{Hop: hop, Status: hopFailed, Problem: f.What, Fix: f.Fix}
}

// verifyReport is what qbiz admin verify prints; it holds no secret.
type verifyReport struct {
	Profile       string      `json:"profile"`
	Mode          string      `json:"mode"`
	ApplicationID string      `json:"application_id,omitempty"`
	User          string      `json:"user,omitempty"`
	OK            bool        `json:"ok"`
	Hops          []hopResult `json:"hops"`
}

// failed is the first failed hop.
func (r verifyReport) failed() (hopResult, bool) {
	for _, h := range r.Hops {
		if h.Status == hopFailed {
			return h, true
		}
	}
	return hopResult{}, false
}

// scrubbed is r with every text scrubbed of anything credential-shaped,
// whatever an error message echoed.
func (r verifyReport) scrubbed() verifyReport {
	hops := make([]hopResult, len(r.Hops))
	for i, h := range r.Hops {
		h.Detail, h.Problem, h.Fix = logging.Scrub(h.Detail), logging.Scrub(h.Problem), logging.Scrub(h.Fix)
		hops[i] = h
	}
	r.Hops = hops
	return r
}

// finishReport prints r as output (text or json) and makes its first
// failing hop the error of command (verify, doctor), with the hop's fix
// as the hint.
func (a *app) finishReport(command string, r verifyReport, output string) error {
	if err := a.printVerifyReport(r, output); err != nil {
		return err
	}
	if h, failed := r.failed(); failed {
		return withHint(fmt.Errorf("%s %s: %s %w: %s", command, r.Profile, h.Hop, errVerifyFailed, h.Problem), h.Fix)
	}
	return nil
}

func (a *app) printVerifyReport(r verifyReport, output string) error {
	r = r.scrubbed()
	if output == "json" {
		enc := json.NewEncoder(a.env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	writeHops(a.env.Stdout, r.Hops)
	return nil
}

// writeHops prints "✓ hop: detail", "✗ hop: problem — fix", "! hop:
// problem — fix" (a warning) or "- hop: why not run", one line each.
func writeHops(w io.Writer, hops []hopResult) {
	for _, h := range hops {
		switch h.Status {
		case hopOK:
			fmt.Fprintf(w, "✓ %s%s\n", h.Hop, suffix(h.Detail))
		case hopFailed:
			fmt.Fprintf(w, "✗ %s: %s — %s\n", h.Hop, h.Problem, h.Fix)
		case hopWarn:
			fmt.Fprintf(w, "! %s: %s — %s\n", h.Hop, h.Problem, h.Fix)
		default:
			fmt.Fprintf(w, "- %s%s\n", h.Hop, suffix(h.Detail))
		}
	}
}

func suffix(detail string) string {
	if detail == "" {
		return ""
	}
	return ": " + detail
}
