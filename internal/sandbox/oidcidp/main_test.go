package oidcidp

import (
	"crypto/rand"
	"crypto/rsa"
	"os"
	"sync"
	"sync/atomic"
	"testing"
)

// TestMain replaces key generation with a round-robin pool of distinct keys:
// 2048-bit generation under -race dominates the run time otherwise. Keys
// handed out consecutively always differ, which is all rotation needs.
func TestMain(m *testing.M) {
	pool := make([]*rsa.PrivateKey, 8)
	var wg sync.WaitGroup
	for i := range pool {
		wg.Go(func() {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			pool[i] = k
		})
	}
	wg.Wait()
	var next atomic.Uint64
	generateRSAKey = func() (*rsa.PrivateKey, error) {
		return pool[next.Add(1)%uint64(len(pool))], nil
	}
	os.Exit(m.Run())
}
