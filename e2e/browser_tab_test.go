package e2e_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browserStep bounds one step of a browser test (a sign-in, an answer).
const browserStep = 45 * time.Second

// chromiumPath finds Debian's Chromium, or skips (fails under
// QBIZ_REQUIRE_BROWSER=1).
func chromiumPath(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium (Debian's chromium package) on PATH"
	if os.Getenv("QBIZ_REQUIRE_BROWSER") == "1" {
		t.Fatal(msg + " (QBIZ_REQUIRE_BROWSER=1)")
	}
	t.Skip(msg)
	return ""
}

// webTab is one tab of a fresh headless Chromium (its own user data
// directory, so no cookie or cache of another test), with helpers that
// fail the test on error. problems collects uncaught exceptions and
// console errors of every page it shows.
type webTab struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	problems []string
}

// newWebTab starts Chromium for the test; it is closed when the test ends.
func newWebTab(t *testing.T, width, height int64) *webTab {
	t.Helper()
	bin := chromiumPath(t)
	profile := t.TempDir() // removed after Chromium exits (cleanups run last-in first-out)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(profile), chromedp.Flag("disable-component-update", true), chromedp.WindowSize(int(width), int(height)))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTest := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() {
		cancelTest()
		cancelTab()
		cancelAlloc()
	})
	b := &webTab{t: t, ctx: ctx}
	if err := chromedp.Listen(ctx, b.record); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	b.do("viewport", chromedp.EmulateViewport(width, height))
	return b
}

func (b *webTab) record(ev any) {
	var p string
	switch e := ev.(type) {
	case *runtime.EventExceptionThrown:
		p = "exception: " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			p += " " + e.ExceptionDetails.Exception.Description
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError {
			p = "console error"
			for _, a := range e.Args {
				p += " " + string(a.Value) + a.Description
			}
		}
	}
	if p != "" {
		b.mu.Lock()
		b.problems = append(b.problems, p)
		b.mu.Unlock()
	}
}

// noProblems fails the test if a page threw or logged an error.
func (b *webTab) noProblems() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.problems) > 0 {
		b.t.Errorf("script problems: %q", b.problems)
	}
}

// do runs steps within browserStep, failing with the page's text.
func (b *webTab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserStep)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v\nat %s:\n%s", what, err, b.location(), b.bodyText())
	}
}

func webRun[T any](b *webTab, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserStep)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// eval evaluates a JavaScript expression whose value is a string.
func (b *webTab) eval(expr string) string {
	b.t.Helper()
	return webRun(b, expr, chromedp.Evaluate[string](expr))
}

// text is the text content of the first element sel matches.
func (b *webTab) text(sel string) string {
	b.t.Helper()
	return webRun(b, "text of "+sel, chromedp.TextContent(chromedp.CSS(sel)))
}

// bodyText is what the page shows, for failure messages and leak checks.
func (b *webTab) bodyText() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ''`))
	return s
}

func (b *webTab) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Location())
	return s
}

// signIn opens the gateway, chooses idp on the sign-in chooser and types
// user and password into the sandbox IdP's own login page, then waits for
// the chat page.
func (b *webTab) signIn(gw *webGateway, idp, user string) {
	b.t.Helper()
	b.do("open the gateway",
		chromedp.Navigate(gw.url+"/"),
		chromedp.WaitVisible(chromedp.CSS(`a.idp[data-idp="`+idp+`"]`)),
	)
	if n := b.eval(`String(document.querySelectorAll('a.idp').length)`); n != "3" {
		b.t.Errorf("the chooser offers %s identity providers, want 3", n)
	}
	b.do("choose "+idp,
		chromedp.Click(chromedp.CSS(`a.idp[data-idp="`+idp+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="username"]`)),
	)
	if loc := b.location(); !strings.HasPrefix(loc, gw.sandbox+"/idp/") {
		b.t.Errorf("%s sign-in went to %s, want the sandbox IdP's login page", idp, loc)
	}
	b.do("sign in at the IdP as "+user,
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), user),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), gw.password(b.t, user)),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#message`)),
		chromedp.WaitReady(chromedp.CSS(`#conversations-status`)),
	)
	if loc := b.location(); loc != gw.url+"/" {
		b.t.Errorf("after signing in the browser is at %s, want %s/", loc, gw.url)
	}
	if who := b.text(`#whoami`); !strings.Contains(who, user) {
		b.t.Errorf("signed in as %s via %s, the page says %q", user, idp, who)
	}
}

// ask types question into the message box, sends it with Enter and waits
// until the answer is complete.
func (b *webTab) ask(question string) {
	b.t.Helper()
	before := b.eval(`String(document.querySelectorAll('.answer[aria-busy="false"]').length)`)
	b.do("ask "+question,
		chromedp.SendKeys(chromedp.CSS(`#message`), question),
		pressEnter(),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('.answer[aria-busy="false"]').length > `+before+
			` || !document.getElementById('error').hidden`, chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(browserStep)),
	)
	if e := b.eval(`document.getElementById('error').hidden ? '' : document.getElementById('error').innerText`); e != "" {
		b.t.Fatalf("asking %q: the page says %q", question, e)
	}
	if v := b.eval(`document.getElementById('message').value`); v != "" {
		b.t.Errorf("after sending, the message box holds %q", v)
	}
}

// pressEnter presses Enter as a keyboard does: the key down carries its
// text, so a handler that prevents the default types no newline
// (chromedp.KeyEvent sends a separate char event that types one anyway).
func pressEnter() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, Text: "\r", UnmodifiedText: "\r"}
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, down); err != nil {
			return err
		}
		up := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13}
		_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, up)
		return err
	})
}

// lastAnswer is the text of the last answer and its citations.
func (b *webTab) lastAnswer() (body string, citations []string) {
	b.t.Helper()
	body = b.eval(`(() => { const a = document.querySelectorAll('.answer'); return a.length ? a[a.length-1].querySelector('.answer-body').innerText : '' })()`)
	c := b.eval(`(() => { const a = document.querySelectorAll('.answer'); if (!a.length) return '';
		return Array.from(a[a.length-1].querySelectorAll('.citation .citation-label')).map(e => e.textContent).join('\n') })()`)
	if c != "" {
		citations = strings.Split(c, "\n")
	}
	return body, citations
}
