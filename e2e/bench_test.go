package e2e_test

import (
	"context"
	"os/exec"
	"testing"
	"time"
)

// BenchmarkCredentialsWarm runs the built `qbiz credentials` against a
// warm cache as a subprocess, as an AWS SDK does; BenchmarkHelloBaseline
// runs a hello-world Go binary built in the same run. Compare ns/op (the
// ratio is also reported by BenchmarkCredentialsVsHello).
func BenchmarkCredentialsWarm(b *testing.B) {
	w := warmWorld(b)
	for b.Loop() {
		if r := w.runBinary(context.Background(), "credentials", "--profile", "qbiz-sandbox-oidc"); r.code != 0 {
			b.Fatalf("credentials: %s", r.stderr)
		}
	}
}

func BenchmarkHelloBaseline(b *testing.B) {
	for b.Loop() {
		if err := exec.Command(helloBin).Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCredentialsVsHello interleaves both and reports their ratio.
func BenchmarkCredentialsVsHello(b *testing.B) {
	w := warmWorld(b)
	var qbiz, hello time.Duration
	for b.Loop() {
		t0 := time.Now()
		if r := w.runBinary(context.Background(), "credentials", "--profile", "qbiz-sandbox-oidc"); r.code != 0 {
			b.Fatalf("credentials: %s", r.stderr)
		}
		t1 := time.Now()
		if err := exec.Command(helloBin).Run(); err != nil {
			b.Fatal(err)
		}
		qbiz, hello = qbiz+t1.Sub(t0), hello+time.Since(t1)
	}
	b.ReportMetric(float64(qbiz)/float64(hello), "x-hello")
	b.ReportMetric(float64(qbiz.Microseconds())/float64(b.N), "qbiz-us/op")
	b.ReportMetric(float64(hello.Microseconds())/float64(b.N), "hello-us/op")
}

func warmWorld(b *testing.B) *world {
	b.Helper()
	w := newWorld(b)
	w.configure()
	w.login("qbiz-sandbox-oidc", "mary_major@example.com")
	return w
}
