package gateway

import (
	"net/http"
	"time"
)

// Recommended http.Server limits for the gateway. There is no
// WriteTimeout: chat answers stream for as long as Q Business writes
// them, and each stream is bounded by its request's context instead.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 30 * time.Second
	IdleTimeout       = 2 * time.Minute
	MaxHeaderBytes    = 64 << 10
)

// Harden sets the recommended limits on hs.
func Harden(hs *http.Server) {
	hs.ReadHeaderTimeout = ReadHeaderTimeout
	hs.ReadTimeout = ReadTimeout
	hs.IdleTimeout = IdleTimeout
	hs.MaxHeaderBytes = MaxHeaderBytes
}
