package session_test

import (
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/session/sessiontest"
)

func TestMemoryConformance(t *testing.T) {
	sessiontest.Run(t, func(t *testing.T, now func() time.Time) session.Store {
		return session.NewMemoryStore(now)
	}, nil)
}
