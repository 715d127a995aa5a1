package redisstore_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/session"
	"github.com/qbiz/qbiz/internal/session/redisstore"
	"github.com/qbiz/qbiz/internal/session/redistest"
	"github.com/qbiz/qbiz/internal/session/sessiontest"
)

// TestConformance runs the suite against a real redis-server, on real
// time: each test has its own prefix, so Count sees only its sessions.
func TestConformance(t *testing.T) {
	client := redistest.Start(t)
	var n atomic.Int64
	sessiontest.Run(t, func(t *testing.T, _ func() time.Time) session.Store {
		return redisstore.New(client, fmt.Sprintf("test%d:", n.Add(1)))
	}, func() sessiontest.Clock { return sessiontest.RealClock{} })
}
