package e2e_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

// The ISO cases the soak does not single out, each over the soak's world:
// the real gateway on loopback, soak users signing in through the real
// IdP flows, the sandbox's ledger as the oracle.

// TestISO01KeyingByIssuerSubjectAndSession (ISO-01): A and B share a role,
// an email domain and a group; C, at the second IdP, has A's email; A
// holds two sessions; later A's email is given to D. Each (user, session)
// signs with its own keys, each reads only its own canary, and D, who now
// has A's old email, is given none of A's conversations.
func TestISO01KeyingByIssuerSubjectAndSession(t *testing.T) {
	env := startSoakEnv(t, soakGateway{users: 6})
	defer env.close()
	since := time.Now()
	a, b, c, d := env.users[0], env.users[2], env.users[1], env.users[4]
	if a.Email != c.Email || a.IdP == c.IdP {
		t.Fatalf("fixture: u000 and u001 are not one email at two IdPs")
	}
	jars := map[string]*soakJar{}
	for _, s := range []struct {
		name string
		u    sandbox.SoakUser
	}{{"a", a}, {"a2", a}, {"b", b}, {"c", c}, {"d", d}} {
		jars[s.name] = env.mustSignIn(t, s.name, s.u)
	}
	var given []givenConversation // what each session's done frames named
	for name, j := range jars {
		u, _, _ := j.current()
		given = append(given, givenConversation{u, env.mustChat(t, j, name).conversation, "done frame of " + name})
	}

	// A leaves; A's email goes to D; both sign in again.
	for _, name := range []string{"a", "a2", "d"} {
		if err := jars[name].logout(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	env.reassign(t, a.Username, d.Username)
	a, d = env.user(t, a.Username), env.user(t, d.Username)
	jars["a"], jars["d"] = env.mustSignIn(t, "a", a), env.mustSignIn(t, "d", d)
	for name, u := range map[string]sandbox.SoakUser{"a": a, "d": d} {
		given = append(given, givenConversation{u, env.mustChat(t, jars[name], name).conversation, "done frame of " + name})
	}
	var list struct {
		Conversations []struct {
			ID string `json:"conversationId"`
		} `json:"conversations"`
	}
	if err := jars["d"].getJSON(t.Context(), d, "/api/conversations", &list); err != nil {
		t.Fatal(err)
	}

	facts := env.checkLedger(since)
	for _, g := range given {
		env.checkConversation(facts, g.user, g.id, g.where)
	}
	// Q Business lists conversations by email, so its answer to D holds
	// A's; the gateway must give D none of them.
	for _, cv := range list.Conversations {
		env.checkConversation(facts, d, cv.ID, "D's list after the reassignment")
	}
	env.checkKeysPerSession(t, since)
	env.failOnViolations(t)
}

// TestISO02ConcurrentFirstSignIns (ISO-02): 50 users sign in at the same
// moment while STS answers after 0-2 s, then chat at once: one STS call
// per (user, session), no two users ever share an access key, every call
// signed as its sender.
func TestISO02ConcurrentFirstSignIns(t *testing.T) {
	const n = 50
	env := startSoakEnv(t, soakGateway{users: n})
	defer env.close()
	env.postFaults(t, `{"sts":{"jitter":"2s"}}`)
	since := time.Now()
	env.signInAndChatOnce(t)
	facts := env.checkLedger(since)
	perSubject := map[string]int{}
	for _, sub := range facts.issued {
		perSubject[sub]++
	}
	for _, u := range env.users {
		if perSubject[u.Subject] != 1 {
			t.Errorf("%s: %d STS exchanges for one sign-in and one chat, want 1", u.Username, perSubject[u.Subject])
		}
	}
	if len(facts.issued) != n || facts.checked != n {
		t.Errorf("%d keys minted, %d messages checked; want %d each", len(facts.issued), facts.checked, n)
	}
	env.failOnViolations(t)
}

// TestISO06NoSharedCacheOfPerUserAnswers (ISO-06): behind a naive caching
// proxy, every authenticated answer says no-store and Vary: Cookie, so
// the proxy keeps none and B is served nothing of A's; a path with a
// static extension under the API is not the API's answer.
func TestISO06NoSharedCacheOfPerUserAnswers(t *testing.T) {
	env := startSoakEnv(t, soakGateway{users: 4, proxy: true})
	defer env.close()
	a, b := env.users[0], env.users[2]
	ja, jb := env.mustSignIn(t, "a", a), env.mustSignIn(t, "b", b)
	conv := env.mustChat(t, ja, "a").conversation
	for _, path := range []string{"/", "/api/me", "/api/conversations", "/api/conversations/" + conv} {
		resp := env.rawGet(t, ja, path)
		cc, vary := resp.Header.Get("Cache-Control"), strings.Join(resp.Header.Values("Vary"), ",")
		if resp.StatusCode != http.StatusOK || !(strings.Contains(cc, "no-store") || strings.Contains(cc, "private")) || !strings.Contains(vary, "Cookie") {
			t.Errorf("GET %s as A: %d, Cache-Control %q, Vary %q", path, resp.StatusCode, cc, vary)
		}
	}
	for _, path := range []string{"/api/me", "/api/conversations", "/"} {
		resp := env.rawGet(t, jb, path)
		body, _ := io.ReadAll(resp.Body)
		if strings.Contains(string(body), conv) || strings.Contains(string(body), a.Subject) || strings.Contains(string(body), a.Email) {
			t.Errorf("GET %s as B is served A's answer: %.300s", path, body)
		}
	}
	for _, path := range []string{"/api/conversations/x.css", "/api/conversations/" + conv + ".css", "/api/me.css", "/api/conversations.css"} {
		resp := env.rawGet(t, ja, path)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusNotFound || strings.Contains(string(body), conv) {
			t.Errorf("GET %s: %d %.200s, want 404 and not the API's answer", path, resp.StatusCode, body)
		}
	}
	if p, _ := env.proxy(); p.hits.Load() != 0 {
		t.Errorf("the shared cache served %d authenticated answers", p.hits.Load())
	}
}

// TestISO10UserSwitchInOneBrowser (ISO-10): A chats, signs out; B signs in
// with the same cookie jar. B has a new session id, is given none of A's
// conversations, cannot read or continue A's conversation, and A's old
// session cookie, replayed, is refused; the sign-out told the browser to
// clear what it kept.
func TestISO10UserSwitchInOneBrowser(t *testing.T) {
	env := startSoakEnv(t, soakGateway{users: 4})
	defer env.close()
	a, b := env.users[0], env.users[2]
	j := env.mustSignIn(t, "shared", a)
	conv := env.mustChat(t, j, "shared").conversation
	oldCookie := j.sessionCookie()
	_, csrf, _ := j.current()
	resp, err := j.api(t.Context(), http.MethodPost, "/logout", "{}", csrf)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Clear-Site-Data") == "" {
		t.Fatalf("logout: %d, Clear-Site-Data %q", resp.StatusCode, resp.Header.Get("Clear-Site-Data"))
	}
	if err := j.signIn(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	if j.sessionCookie() == oldCookie || j.sessionCookie() == "" {
		t.Fatal("B's session has A's id")
	}
	var list struct {
		Conversations []struct {
			ID string `json:"conversationId"`
		} `json:"conversations"`
	}
	if err := j.getJSON(t.Context(), b, "/api/conversations", &list); err != nil {
		t.Fatal(err)
	}
	for _, c := range list.Conversations {
		if c.ID == conv {
			t.Errorf("B is given A's conversation %s", conv)
		}
	}
	if resp := env.rawGet(t, j, "/api/conversations/"+conv); resp.StatusCode != http.StatusForbidden {
		t.Errorf("B reading A's conversation: %d, want 403", resp.StatusCode)
	}
	_, csrf, _ = j.current()
	resp, err = j.api(t.Context(), http.MethodPost, "/api/chat", fmt.Sprintf(`{"message":"continue","conversationId":%q}`, conv), csrf)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("B continuing A's conversation: %d, want 403", resp.StatusCode)
	}
	stale := env.newJar("stale")
	stale.hc.Jar.SetCookies(mustURL(t, env.gwURL), []*http.Cookie{{Name: "__Host-qbiz", Value: oldCookie, Path: "/", Secure: true}})
	if resp := env.rawGet(t, stale, "/api/me"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("A's old session cookie: %d, want 401", resp.StatusCode)
	}
	env.failOnViolations(t)
}

// mustSignIn signs u in with a new jar named name.
func (e *soakEnv) mustSignIn(t *testing.T, name string, u sandbox.SoakUser) *soakJar {
	t.Helper()
	j := e.newJar(name)
	if err := j.signIn(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	return j
}

// signInAndChatOnce signs every user in, all at once, then has each
// chat once, all at once; it returns their jars in e.users' order.
func (e *soakEnv) signInAndChatOnce(t *testing.T) []*soakJar {
	t.Helper()
	jars := make([]*soakJar, len(e.users))
	errs := make([]error, len(e.users))
	var wg sync.WaitGroup
	for i, u := range e.users {
		jars[i] = e.newJar(u.Username)
		wg.Go(func() { errs[i] = jars[i].signIn(t.Context(), u) })
	}
	wg.Wait()
	for i := range jars {
		if errs[i] != nil {
			t.Fatalf("sign in %s: %v", e.users[i].Username, errs[i])
		}
		wg.Go(func() { _, errs[i] = e.chatOnce(t.Context(), jars[i], e.users[i].Username) })
	}
	wg.Wait()
	for i := range jars {
		if errs[i] != nil {
			t.Fatalf("chat as %s: %v", e.users[i].Username, errs[i])
		}
	}
	return jars
}

// chatOnce sends one message as the jar's user, its nonce filed under
// sender, and returns the turn.
func (e *soakEnv) chatOnce(ctx context.Context, j *soakJar, sender string) (turn, error) {
	u, csrf, _ := j.current()
	nonce := fmt.Sprintf("k%sx%012d", strings.ReplaceAll(sender, "-", ""), time.Now().UnixNano()%1e12)
	e.nonces.Store(nonce, u.Username)
	e.sessionOf.Store(nonce, sender)
	t, err := j.chat(ctx, u, csrf, "", nonce, 0, func() {})
	if err == nil && !t.done {
		err = fmt.Errorf("chat as %s: no answer", u.Username)
	}
	return t, err
}

func (e *soakEnv) mustChat(t *testing.T, j *soakJar, session string) turn {
	t.Helper()
	tr, err := e.chatOnce(t.Context(), j, session)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// checkKeysPerSession: the keys that signed one session's messages signed
// no other session's (two sessions of one user included).
func (e *soakEnv) checkKeysPerSession(t *testing.T, since time.Time) {
	t.Helper()
	owner := map[string]string{} // access key → session
	for _, en := range e.sb.Ledger.Entries(func(en ledger.Entry) bool { return !en.Time.Before(since) && en.Detail["nonce"] != "" }) {
		s, ok := e.sessionOf.Load(en.Detail["nonce"])
		if !ok {
			continue
		}
		if prev, seen := owner[en.AccessKeyID]; seen && prev != s {
			t.Errorf("access key %s signed messages of sessions %s and %s", en.AccessKeyID, prev, s)
		}
		owner[en.AccessKeyID] = s.(string)
	}
	if len(owner) == 0 {
		t.Fatal("no message of a known session in the ledger")
	}
}

// reassign gives user to's IdP account user from's email.
func (e *soakEnv) reassign(t *testing.T, from, to string) {
	t.Helper()
	resp, err := e.sb.HTTPClient().Post(e.sb.URL+"/sandbox/soak/reassign", "application/json", strings.NewReader(fmt.Sprintf(`{"from":%q,"to":%q}`, from, to)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("reassign: %d", resp.StatusCode)
	}
	e.users = e.sb.SoakUsers()
}

func (e *soakEnv) user(t *testing.T, name string) sandbox.SoakUser {
	t.Helper()
	for _, u := range e.users {
		if u.Username == name {
			return u
		}
	}
	t.Fatalf("no soak user %s", name)
	return sandbox.SoakUser{}
}

func (e *soakEnv) postFaults(t testing.TB, body string) {
	t.Helper()
	postStatus(t, e.sb.HTTPClient(), e.sb.URL+"/sandbox/faults", body, http.StatusOK)
}

// rawGet is a GET through j, its body left to read.
func (e *soakEnv) rawGet(t *testing.T, j *soakJar, path string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, e.gwURL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := j.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func (e *soakEnv) failOnViolations(t *testing.T) {
	t.Helper()
	if list, _ := e.violation.snapshot(); len(list) > 0 {
		t.Fatalf("isolation violated:\n%s", strings.Join(list, "\n"))
	}
}
