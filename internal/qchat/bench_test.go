package qchat_test

import (
	"context"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/qchat"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// BenchmarkStreamVsSync asks the same question over the Chat event stream
// and over ChatSync in one run and reports time to the first streamed
// token, total streamed time and ChatSync time, with ratios against
// ChatSync as the baseline.
func BenchmarkStreamVsSync(b *testing.B) {
	w := startWorld(b)
	c, _ := w.client(b, scenario.Mary)
	ctx := context.Background()
	q := qchat.Question{Text: "When does the ACME project launch?"}
	var first, streamed, synced time.Duration
	for b.Loop() {
		start := time.Now()
		var ttft time.Duration
		if _, err := c.Stream(ctx, q, func(string) {
			if ttft == 0 {
				ttft = time.Since(start)
			}
		}); err != nil {
			b.Fatal(err)
		}
		streamed += time.Since(start)
		first += ttft
		start = time.Now()
		if _, err := c.Ask(ctx, q); err != nil {
			b.Fatal(err)
		}
		synced += time.Since(start)
	}
	n := float64(b.N)
	b.ReportMetric(float64(first.Microseconds())/n, "µs-first-token")
	b.ReportMetric(float64(streamed.Microseconds())/n, "µs-stream-total")
	b.ReportMetric(float64(synced.Microseconds())/n, "µs-chatsync")
	b.ReportMetric(float64(first)/float64(synced), "first-token/chatsync")
	b.ReportMetric(float64(streamed)/float64(synced), "stream/chatsync")
}
