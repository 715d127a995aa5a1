package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/qbiz/qbiz/internal/browsertest"
)

// webTab is a fresh Chromium's tab with the steps of the gateway's pages.
type webTab struct {
	*browsertest.Tab
	t *testing.T
}

// newWebTab starts Chromium for the test; it is closed when the test ends.
func newWebTab(t *testing.T, width, height int64) *webTab {
	t.Helper()
	return &webTab{Tab: browsertest.New(t, width, height), t: t}
}

// signIn opens the gateway, chooses idp on the sign-in chooser and types
// user and password into the sandbox IdP's own login page, then waits for
// the chat page.
func (b *webTab) signIn(gw *webGateway, idp, user string) {
	b.t.Helper()
	b.Do("open the gateway",
		chromedp.Navigate(gw.url+"/"),
		chromedp.WaitVisible(chromedp.CSS(`a.idp[data-idp="`+idp+`"]`)),
	)
	if n := b.Eval(`String(document.querySelectorAll('a.idp').length)`); n != "3" {
		b.t.Errorf("the chooser offers %s identity providers, want 3", n)
	}
	b.Do("choose "+idp,
		chromedp.Click(chromedp.CSS(`a.idp[data-idp="`+idp+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="username"]`)),
	)
	if loc := b.Location(); !strings.HasPrefix(loc, gw.sandbox+"/idp/") {
		b.t.Errorf("%s sign-in went to %s, want the sandbox IdP's login page", idp, loc)
	}
	b.Do("sign in at the IdP as "+user,
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), user),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), gw.password(b.t, user)),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#message`)),
		chromedp.WaitReady(chromedp.CSS(`#conversations-status`)),
	)
	if loc := b.Location(); loc != gw.url+"/" {
		b.t.Errorf("after signing in the browser is at %s, want %s/", loc, gw.url)
	}
	if who := b.Text(`#whoami`); !strings.Contains(who, user) {
		b.t.Errorf("signed in as %s via %s, the page says %q", user, idp, who)
	}
}

// ask types question into the message box, sends it with Enter and waits
// until the answer is complete.
func (b *webTab) ask(question string) {
	b.t.Helper()
	before := b.Eval(`String(document.querySelectorAll('.answer[aria-busy="false"]').length)`)
	b.Do("ask "+question,
		chromedp.SendKeys(chromedp.CSS(`#message`), question),
		pressEnter(),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('.answer[aria-busy="false"]').length > `+before+
			` || !document.getElementById('error').hidden`, chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(browsertest.Step)),
	)
	if e := b.Eval(`document.getElementById('error').hidden ? '' : document.getElementById('error').innerText`); e != "" {
		b.t.Fatalf("asking %q: the page says %q", question, e)
	}
	if v := b.Eval(`document.getElementById('message').value`); v != "" {
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
	body = b.Eval(`(() => { const a = document.querySelectorAll('.answer'); return a.length ? a[a.length-1].querySelector('.answer-body').innerText : '' })()`)
	c := b.Eval(`(() => { const a = document.querySelectorAll('.answer'); if (!a.length) return '';
		return Array.from(a[a.length-1].querySelectorAll('.citation .citation-label')).map(e => e.textContent).join('\n') })()`)
	if c != "" {
		citations = strings.Split(c, "\n")
	}
	return body, citations
}
