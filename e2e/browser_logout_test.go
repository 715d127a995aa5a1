package e2e_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/qbiz/qbiz/internal/browsertest"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// After signing out (the page's button: POST /logout with the CSRF
// token), the browser's Back button shows nothing of the conversation:
// the chat page was no-store, so it is fetched again and the gateway, the
// session gone, answers with sign-in. Reloading lands on sign-in too.
func TestBrowserLogoutThenBackShowsNothing(t *testing.T) {
	b := newWebTab(t, 1024, 768)
	gw := startWebGateway(t)
	b.signIn(gw, "oidc", scenario.Mary)
	const question = "Who leads the ACME project?"
	b.ask(question)
	answer, cites := b.lastAnswer()
	if answer == "" || len(cites) == 0 {
		t.Fatalf("no cited answer: %q %q", answer, cites)
	}
	// A second visit to the chat page (a bookmark, say) puts a chat page
	// in the history behind the one the person signs out from.
	b.Do("open the chat page again",
		chromedp.Navigate(gw.url+"/?from=bookmark"),
		chromedp.WaitVisible(chromedp.CSS(`#conversations li .open`)),
	)
	cookie := b.cookieHeader(gw.url)
	if code := getWithCookie(t, gw.url+"/api/me", cookie); code != http.StatusOK {
		t.Fatalf("GET /api/me with the browser's cookies = %d before signing out", code)
	}
	b.Do("sign out",
		chromedp.Click(chromedp.CSS(`#signout`)),
		chromedp.WaitVisible(chromedp.CSS(`a.idp`)),
	)
	if cookies := b.Eval(`document.cookie`); cookies != "" {
		t.Errorf("cookies readable after sign-out: %q", cookies)
	}
	if code := getWithCookie(t, gw.url+"/api/me", cookie); code != http.StatusUnauthorized {
		t.Errorf("GET /api/me with the cookies from before signing out = %d, want 401: the session lives on", code)
	}
	leaks := []string{question, scenario.Mary, "Mary Major", cites[0], firstLine(answer)}
	b.Do("back", chromedp.NavigateBack(), chromedp.WaitReady(chromedp.CSS(`body`)))
	if loc := b.Location(); loc != gw.url+"/" {
		t.Errorf("back went to %s, want the chat page's address %s/", loc, gw.url)
	}
	b.noLeak("after Back", leaks)
	if n := b.Eval(`String(document.querySelectorAll('#message, .answer, #conversations li').length)`); n != "0" {
		t.Errorf("after Back the page has %s chat elements", n)
	}
	b.Do("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`a.idp`)))
	if h := b.Text(`h1`); h != "Sign in to qbiz" {
		t.Errorf("after reloading the page says %q, want the sign-in chooser", h)
	}
	b.noLeak("after reloading", leaks)
	b.NoProblems()
}

// cookieHeader is the Cookie header the browser sends to url, HttpOnly
// cookies included.
func (b *webTab) cookieHeader(url string) string {
	b.t.Helper()
	res := browsertest.Run(b.Tab, "cookies", chromedp.Action[network.GetCookiesResult](func(ctx context.Context, t *chromedp.Target) (network.GetCookiesResult, error) {
		return cdp.Call(ctx, t, network.GetCookies, network.GetCookiesParams{URLs: []string{url}})
	}))
	var parts []string
	for _, c := range res.Cookies {
		parts = append(parts, c.Name+"="+c.Value)
	}
	if len(parts) == 0 {
		b.t.Fatalf("the browser holds no cookie for %s", url)
	}
	return strings.Join(parts, "; ")
}

// getWithCookie is a GET from outside the browser with its cookies.
func getWithCookie(t *testing.T, url, cookie string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Cookie", cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// noLeak fails if the page shows any of leaks.
func (b *webTab) noLeak(when string, leaks []string) {
	b.t.Helper()
	page := b.BodyText() + b.Eval(`document.documentElement.outerHTML`)
	for _, s := range leaks {
		if s != "" && strings.Contains(page, s) {
			b.t.Errorf("%s the page shows %q:\n%s", when, s, b.BodyText())
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
