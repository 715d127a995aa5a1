package faults

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// plainRule has Rule's fields without its JSON methods.
type plainRule Rule

// ruleJSON is Rule on the wire: its duration fields shadow plainRule's.
type ruleJSON struct {
	plainRule
	Latency            json.RawMessage `json:"latency,omitempty"`
	Jitter             json.RawMessage `json:"jitter,omitempty"`
	ChunkDelay         json.RawMessage `json:"chunk_delay,omitempty"`
	CredentialLifetime json.RawMessage `json:"credential_lifetime,omitempty"`
	ClockSkew          json.RawMessage `json:"clock_skew,omitempty"`
}

// UnmarshalJSON reads a rule whose durations are Go duration strings
// ("200ms", "15m") or integer nanoseconds. Unknown fields, other values and
// negative durations are errors naming the field.
func (r *Rule) UnmarshalJSON(b []byte) error {
	var w ruleJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return err
	}
	var err error
	if w.plainRule.Latency, err = parseDuration("latency", w.Latency); err != nil {
		return err
	}
	if w.plainRule.Jitter, err = parseDuration("jitter", w.Jitter); err != nil {
		return err
	}
	if w.plainRule.ChunkDelay, err = parseDuration("chunk_delay", w.ChunkDelay); err != nil {
		return err
	}
	if w.plainRule.CredentialLifetime, err = parseDuration("credential_lifetime", w.CredentialLifetime); err != nil {
		return err
	}
	if w.plainRule.ClockSkew, err = parseSignedDuration("clock_skew", w.ClockSkew); err != nil {
		return err
	}
	*r = Rule(w.plainRule)
	return nil
}

// MarshalJSON writes durations as Go duration strings, so a rule read back
// from GET /sandbox/faults can be posted again as it is.
func (r Rule) MarshalJSON() ([]byte, error) {
	w := ruleJSON{plainRule: plainRule(r)}
	w.Latency = durationJSON(r.Latency)
	w.Jitter = durationJSON(r.Jitter)
	w.ChunkDelay = durationJSON(r.ChunkDelay)
	w.CredentialLifetime = durationJSON(r.CredentialLifetime)
	w.ClockSkew = durationJSON(r.ClockSkew)
	return json.Marshal(w)
}

func durationJSON(d time.Duration) json.RawMessage {
	if d == 0 {
		return nil
	}
	return json.RawMessage(strconv.Quote(d.String()))
}

func parseDuration(field string, raw json.RawMessage) (time.Duration, error) {
	d, err := parseSignedDuration(field, raw)
	if err == nil && d < 0 {
		return 0, fmt.Errorf("%s: %s is negative", field, bytes.TrimSpace(raw))
	}
	return d, err
}

// parseSignedDuration is parseDuration allowing a negative duration.
func parseSignedDuration(field string, raw json.RawMessage) (time.Duration, error) {
	s := string(bytes.TrimSpace(raw))
	if s == "" || s == "null" {
		return 0, nil
	}
	d, err := durationValue(s)
	if err != nil {
		return 0, fmt.Errorf("%s: %s is not a duration: use a Go duration string such as \"200ms\" or \"15m\", or integer nanoseconds", field, s)
	}
	return d, nil
}

func durationValue(s string) (time.Duration, error) {
	if s[0] != '"' {
		n, err := strconv.ParseInt(s, 10, 64)
		return time.Duration(n), err
	}
	var str string
	if err := json.Unmarshal([]byte(s), &str); err != nil {
		return 0, err
	}
	return time.ParseDuration(str)
}
