package browsertest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Step bounds one step of a tab (a sign-in, an answer streaming in).
const Step = 45 * time.Second

// lifetime bounds a tab's whole test.
const lifetime = 4 * time.Minute

// Tab is one tab of a fresh headless Chromium.
type Tab struct {
	t   testing.TB
	ctx context.Context

	mu       sync.Mutex
	problems []string
}

// New starts Chromium for the test with a width x height window and
// viewport; it is closed when the test ends.
func New(t testing.TB, width, height int64) *Tab {
	t.Helper()
	bin := Chromium(t)
	profile := t.TempDir() // removed after Chromium exits (cleanups run last-in first-out)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(profile), chromedp.Flag("disable-component-update", true), chromedp.WindowSize(int(width), int(height)))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTest := context.WithTimeout(ctx, lifetime)
	t.Cleanup(func() {
		cancelTest()
		cancelTab()
		cancelAlloc()
	})
	b := &Tab{t: t, ctx: ctx}
	if err := chromedp.Listen(ctx, b.record); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	b.Do("viewport", chromedp.EmulateViewport(width, height))
	return b
}

// Context is the tab's, for chromedp calls of the test's own.
func (b *Tab) Context() context.Context { return b.ctx }

// Do runs steps within Step, failing the test with the page's address
// and text.
func (b *Tab) Do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, Step)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v\nat %s:\n%s", what, err, b.Location(), b.BodyText())
	}
}

// Run runs a within Step and returns its value, failing the test on error.
func Run[T any](b *Tab, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, Step)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// Eval evaluates a JavaScript expression whose value is a string.
func (b *Tab) Eval(expr string) string {
	b.t.Helper()
	return Run(b, expr, chromedp.Evaluate[string](expr))
}

// Text is the text content of the first element sel matches.
func (b *Tab) Text(sel string) string {
	b.t.Helper()
	return Run(b, "text of "+sel, chromedp.TextContent(chromedp.CSS(sel)))
}

// BodyText is what the page shows, for failure messages and leak checks.
func (b *Tab) BodyText() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ''`))
	return s
}

// Location is the page's address.
func (b *Tab) Location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Location())
	return s
}
