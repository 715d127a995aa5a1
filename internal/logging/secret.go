package logging

import (
	"fmt"
	"log/slog"
)

// Redacted is what a Secret renders as everywhere.
const Redacted = "REDACTED"

// Secret holds a credential (token, client secret, assertion, key). It
// prints, logs and marshals as "REDACTED"; Reveal returns the value for the
// one place that must send it.
type Secret string

// Reveal returns the secret value.
func (s Secret) Reveal() string { return string(s) }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s == "" }

// String implements fmt.Stringer.
func (s Secret) String() string { return Redacted }

// GoString implements fmt.GoStringer (%#v).
func (s Secret) GoString() string { return `logging.Secret("REDACTED")` }

// Format implements fmt.Formatter so that every verb (%s %v %+v %q %x %d)
// renders the redaction, never the bytes.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, s.GoString())
		return
	}
	if verb == 'q' {
		fmt.Fprintf(f, "%q", Redacted)
		return
	}
	fmt.Fprint(f, Redacted)
}

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalJSON implements json.Marshaler.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// MarshalText implements encoding.TextMarshaler.
func (s Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }
