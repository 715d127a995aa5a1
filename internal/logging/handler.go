package logging

import (
	"context"
	"fmt"
	"log/slog"
)

// RedactingHandler wraps another slog.Handler and removes secrets from
// every record before it reaches it: secret-named attributes lose their
// value, and credential-looking text is scrubbed from the message and from
// every string, error and formatted value.
type RedactingHandler struct{ inner slog.Handler }

// NewRedactingHandler wraps inner.
func NewRedactingHandler(inner slog.Handler) *RedactingHandler {
	return &RedactingHandler{inner: inner}
}

// Enabled implements slog.Handler.
func (h *RedactingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.inner.Enabled(ctx, l)
}

// Handle implements slog.Handler.
func (h *RedactingHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, Scrub(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	if id := RequestID(ctx); id != "" {
		out.AddAttrs(slog.String(RequestIDKey, Scrub(id)))
	}
	return h.inner.Handle(ctx, out)
}

// WithAttrs implements slog.Handler.
func (h *RedactingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = redactAttr(a)
	}
	return &RedactingHandler{inner: h.inner.WithAttrs(red)}
}

// WithGroup implements slog.Handler.
func (h *RedactingHandler) WithGroup(name string) slog.Handler {
	return &RedactingHandler{inner: h.inner.WithGroup(name)}
}

func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	if SecretKey(a.Key) && carriesText(v) {
		return slog.String(a.Key, Redacted)
	}
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, Scrub(v.String()))
	case slog.KindGroup:
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(redactGroup(v.Group())...)}
	case slog.KindAny:
		return slog.String(a.Key, Scrub(anyText(v.Any())))
	}
	return slog.Attr{Key: a.Key, Value: v}
}

func redactGroup(as []slog.Attr) []slog.Attr {
	out := make([]slog.Attr, len(as))
	for i, a := range as {
		out[i] = redactAttr(a)
	}
	return out
}

// carriesText reports whether a value could hold a secret: numbers,
// booleans, durations and times under a secret-sounding key ("token_ttl",
// "has_refresh_token") are kept.
func carriesText(v slog.Value) bool {
	switch v.Kind() {
	case slog.KindString:
		return v.String() != ""
	case slog.KindAny, slog.KindGroup, slog.KindLogValuer:
		return true
	}
	return false
}

// anyText renders arbitrary values as text so that the wrapped handler
// never marshals a struct's secret fields itself.
func anyText(x any) string {
	if err, ok := x.(error); ok {
		return err.Error()
	}
	return fmt.Sprintf("%+v", x)
}
