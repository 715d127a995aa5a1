package awscreds

import (
	"log/slog"
	"time"

	"github.com/qbiz/qbiz/internal/identity"
)

// Duration bounds STS accepts for DurationSeconds.
const (
	MinDuration = 15 * time.Minute
	MaxDuration = 12 * time.Hour
)

// Options tune a provider. The zero value is usable.
type Options struct {
	// Duration is the requested credential lifetime (DurationSeconds),
	// clamped to [MinDuration, MaxDuration]; zero leaves it to the role's
	// default (one hour). Prefer the shortest that works.
	Duration time.Duration
	// SessionName derives RoleSessionName from the verified identity;
	// defaults to SessionName. Its result is sanitised again.
	SessionName func(identity.Identity) string
	// Now is the clock; defaults to time.Now.
	Now func() time.Time
	// Logger receives one debug record per exchange (never a secret).
	Logger *slog.Logger
	// ExpiryWindow is how long before expiry an Identity Center identity
	// context is considered spent; use the same value as Cache's window.
	// Defaults to DefaultExpiryWindow.
	ExpiryWindow time.Duration
	// Scope narrows the credentials: its policy goes with the exchange as
	// the session policy, its tool into the session name.
	Scope Scope
}

// DefaultExpiryWindow is the refresh lead time used when none is given.
const DefaultExpiryWindow = 5 * time.Minute

func buildOptions(fns []func(*Options)) Options {
	var o Options
	for _, fn := range fns {
		fn(&o)
	}
	if o.SessionName == nil {
		o.SessionName = SessionName
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.ExpiryWindow <= 0 {
		o.ExpiryWindow = DefaultExpiryWindow
	}
	return o
}

// durationSeconds returns the DurationSeconds parameter, or nil for the
// role default.
func (o Options) durationSeconds() *int32 {
	if o.Duration == 0 {
		return nil
	}
	d := min(max(o.Duration, MinDuration), MaxDuration)
	s := int32(d / time.Second)
	return &s
}

// sessionName applies the configured derivation and sanitises its
// result, then appends the scope's tool, if any.
func (o Options) sessionName(id identity.Identity) string {
	return withTool(sanitiseSessionName(o.SessionName(id), id), o.Scope.Tool, id)
}

// policy is the Policy parameter: the scope's session policy, or nil.
func (o Options) policy() *string {
	if o.Scope.Policy == "" {
		return nil
	}
	return &o.Scope.Policy
}
