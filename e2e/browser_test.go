package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/qbiz/qbiz/internal/browsertest"
	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// The browser tests drive Debian's Chromium against qbiz serve --sandbox
// over HTTP: people sign in by typing into the sandbox IdP's own login
// page, ask in the chat page and read the streamed, cited answer. Each
// test has its own gateway, sandbox and browser profile.

// screenshotDirEnv names a directory where TestBrowserMaryOIDCStreamsACME
// writes gateway-chat.png, the README's picture of the chat page; unset,
// nothing is written.
const screenshotDirEnv = "QBIZ_SCREENSHOT_DIR"

// watchStreaming counts the times the answer being streamed shows text
// before it is complete.
const watchStreaming = `(() => {
	window.partialRenders = 0;
	new MutationObserver(() => {
		document.querySelectorAll('.answer[aria-busy="true"] .answer-body').forEach(e => {
			if (e.textContent.trim() !== '') { window.partialRenders++ }
		});
	}).observe(document.getElementById('messages'), {subtree: true, childList: true, characterData: true});
	return '';
})()`

func TestBrowserMaryOIDCStreamsACME(t *testing.T) {
	b := newWebTab(t, 1280, 800)
	gw := startWebGateway(t)
	gw.paceAnswers(t, time.Second) // a pause between chunks that the page is sure to render in
	b.signIn(gw, "oidc", scenario.Mary)

	b.Eval(watchStreaming)
	b.ask("When does the ACME project launch?")
	body, cites := b.lastAnswer()
	if !strings.Contains(body, "September 15, 2025") {
		t.Errorf("Mary's answer %q, want the ACME launch date", body)
	}
	if len(cites) == 0 || !strings.HasPrefix(cites[0], "[1] ") || !strings.Contains(cites[0], "ACME") {
		t.Errorf("citations %q, want [1] naming an ACME document", cites)
	}
	if n := b.Eval(`String(window.partialRenders)`); n == "0" {
		t.Error("the answer appeared only when complete, not streamed")
	}
	hrefs := b.Eval(`Array.from(document.querySelectorAll('.citation a')).map(a => a.getAttribute('href')).join(' ')`)
	if !strings.HasPrefix(hrefs, "https://wiki.example.com/acme/") {
		t.Errorf("citation links %q, want the ACME wiki pages", hrefs)
	}
	b.Do("the conversation is listed", chromedp.WaitVisible(chromedp.CSS(`#conversations li.current`)))
	b.NoProblems()
	if dir := os.Getenv(screenshotDirEnv); dir != "" {
		b.screenshot(filepath.Join(dir, "gateway-chat.png"))
	}
}

// screenshot writes the viewport as a PNG.
func (b *webTab) screenshot(path string) {
	b.t.Helper()
	b.Eval(`document.activeElement && document.activeElement.blur(), ''`)
	png := browsertest.Run(b.Tab, "screenshot", chromedp.CaptureScreenshot())
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("write the screenshot: %v", err)
	}
	b.t.Logf("wrote %s (%d bytes)", path, len(png))
}

func TestBrowserMateoSeesAnyOrgAppOnly(t *testing.T) {
	b := newWebTab(t, 360, 740) // a phone
	gw := startWebGateway(t)
	b.signIn(gw, "oidc", scenario.Mateo)

	b.ask("What is the project budget?")
	b.ask("When does the ACME project launch?")
	page := b.BodyText()
	cites := b.Eval(`Array.from(document.querySelectorAll('.citation')).map(c => c.textContent).join('\n')`)
	if !strings.Contains(cites, "AnyOrgApp") {
		t.Errorf("Mateo's citations %q, want AnyOrgApp documents", cites)
	}
	for _, c := range strings.Split(cites, "\n") {
		if !strings.Contains(c, "AnyOrgApp") {
			t.Errorf("Mateo shown a citation outside AnyOrgApp: %q", c)
		}
	}
	for _, acme := range []string{"September 15, 2025", "$2.4 million", "ACME Project", "Northwind", "wiki.example.com/acme"} {
		if strings.Contains(page, acme) {
			t.Errorf("Mateo's page shows %q of Mary's ACME documents:\n%s", acme, page)
		}
	}
	if w := b.Eval(`String(document.documentElement.scrollWidth)`); w != "360" {
		t.Errorf("the chat page is %s px wide on a 360 px screen", w)
	}
	b.NoProblems()
}

func TestBrowserSAMLSignIn(t *testing.T) {
	b := newWebTab(t, 1024, 768)
	gw := startWebGateway(t)
	b.signIn(gw, "saml", scenario.Mary)
	b.ask("What is the ACME budget?")
	body, cites := b.lastAnswer()
	if !strings.Contains(body, "$2.4 million") || len(cites) == 0 || !strings.Contains(cites[0], "ACME") {
		t.Errorf("Mary via SAML: answer %q citing %q, want the ACME budget", body, cites)
	}
	if who := b.Text(`#whoami`); !strings.Contains(who, "Company SSO (SAML)") {
		t.Errorf("who-am-I %q, want the SAML IdP named", who)
	}
	b.NoProblems()
}

func TestBrowserIdentityCenterSignIn(t *testing.T) {
	b := newWebTab(t, 1024, 768)
	gw := startWebGateway(t)
	b.signIn(gw, "idc", scenario.Mateo)
	b.ask("What is the AnyOrgApp budget?")
	body, cites := b.lastAnswer()
	if !strings.Contains(body, "$850,000") || len(cites) == 0 || !strings.Contains(cites[0], "AnyOrgApp") {
		t.Errorf("Mateo via Identity Center: answer %q citing %q, want the AnyOrgApp budget", body, cites)
	}
	if page := b.BodyText(); strings.Contains(page, "ACME") {
		t.Errorf("Mateo via Identity Center sees ACME:\n%s", page)
	}
	if who := b.Text(`#whoami`); !strings.Contains(who, "IAM Identity Center") {
		t.Errorf("who-am-I %q, want Identity Center named", who)
	}
	b.NoProblems()
}
