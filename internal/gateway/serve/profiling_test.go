package serve

import "testing"

func TestProfilerLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:0", "[::1]:6060"} {
		if err := loopbackOnly(addr); err != nil {
			t.Errorf("%s: %v", addr, err)
		}
	}
	for _, addr := range []string{"0.0.0.0:6060", ":6060", "localhost:6060", "10.0.0.1:6060", "[::]:6060", "127.0.0.1"} {
		if err := loopbackOnly(addr); err == nil {
			t.Errorf("%s: accepted", addr)
		}
	}
}
