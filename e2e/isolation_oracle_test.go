package e2e_test

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
)

var canaryPattern = regexp.MustCompile(`CANARY-u[0-9]{3}-[0-9a-f]+`)

// violations collects what the oracles found; the first one stops the run.
type violations struct {
	mu      sync.Mutex
	list    []string
	first   time.Time
	onFirst func()
}

func (v *violations) add(format string, args ...any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.list) == 0 {
		v.first = time.Now()
		if v.onFirst != nil {
			v.onFirst()
		}
	}
	if len(v.list) < 50 {
		v.list = append(v.list, fmt.Sprintf(format, args...))
	}
}

func (v *violations) snapshot() ([]string, time.Time) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]string(nil), v.list...), v.first
}

// checkFrame is oracle 2: whatever a client receives holds no canary but
// its own user's.
func (e *soakEnv) checkFrame(u sandbox.SoakUser, where, text string) {
	for _, c := range canaryPattern.FindAllString(text, -1) {
		if c != u.Canary {
			e.violation.add("oracle 2: %s received %s in a %s", u.Username, c, where)
		}
	}
}

// userBySubject names the soak user of an IdP subject.
func (e *soakEnv) userBySubject(sub string) string {
	for _, u := range e.users {
		if u.Subject == sub {
			return u.Username
		}
	}
	return "subject " + sub
}

// conversationOps are the Q Business calls made as an end user.
var conversationOps = map[string]bool{"Chat": true, "ChatSync": true, "ListConversations": true, "ListMessages": true,
	"DeleteConversation": true, "PutFeedback": true}

// ledgerFacts is what the sandbox saw, read once after the run.
type ledgerFacts struct {
	issued   map[string]string          // access key id → subject it was minted for
	creators map[string]map[string]bool // conversation id → subjects whose turns it answered
	checked  int                        // nonces tied to a principal
	calls    int                        // end-user Q Business calls
}

// checkLedger runs oracles 1, 3 and 7 over the ledger entries since the
// run started, and gathers conversation creators for oracle 4.
func (e *soakEnv) checkLedger(since time.Time) ledgerFacts {
	subjects := map[string]string{} // subject → username
	for _, u := range e.users {
		subjects[u.Subject] = u.Username
	}
	f := ledgerFacts{issued: map[string]string{}, creators: map[string]map[string]bool{}}
	entries := e.sb.Ledger.Entries(func(en ledger.Entry) bool { return !en.Time.Before(since) })
	for _, en := range entries {
		if k := en.Detail["issued_access_key_id"]; en.Service == "sts" && k != "" && en.Principal != nil {
			f.issued[k] = en.Principal.Subject
		}
	}
	for _, en := range entries {
		if en.Service != "qbusiness" || !conversationOps[en.Operation] || en.AccessKeyID == "" {
			continue
		}
		f.calls++
		e.checkSigner(f, en, subjects)
		if c := en.Detail["conversation_id"]; c != "" && en.Principal != nil {
			if f.creators[c] == nil {
				f.creators[c] = map[string]bool{}
			}
			f.creators[c][en.Principal.Subject] = true
		}
		if n := en.Detail["nonce"]; n != "" {
			f.checked += e.checkNonce(en, n, subjects)
		}
	}
	return f
}

// checkSigner: oracle 7 (only keys STS minted during the run, for a soak
// user's federated session) and oracle 3 (the key's subject is the
// subject of the session that used it).
func (e *soakEnv) checkSigner(f ledgerFacts, en ledger.Entry, subjects map[string]string) {
	minted, ok := f.issued[en.AccessKeyID]
	switch {
	case !ok:
		e.violation.add("oracle 7: %s signed with %s, a key STS did not mint for a soak user's sign-in (caller %s)", en.Operation, en.AccessKeyID, en.CallerARN)
	case en.Principal == nil || en.Principal.Subject != minted:
		e.violation.add("oracle 3: %s signed with %s minted for %s but acting as %+v", en.Operation, en.AccessKeyID, subjects[minted], en.Principal)
	case subjects[minted] == "":
		e.violation.add("oracle 7: %s signed as subject %q, not a soak user", en.Operation, minted)
	}
}

// checkNonce is oracle 1: the principal the sandbox derived from the
// credentials of a message is the message's sender.
func (e *soakEnv) checkNonce(en ledger.Entry, nonce string, subjects map[string]string) int {
	sender, ok := e.nonces.Load(nonce)
	if !ok {
		e.violation.add("oracle 1: the sandbox saw nonce %s that no client sent", nonce)
		return 0
	}
	if en.Principal == nil || subjects[en.Principal.Subject] != sender {
		got := ""
		if en.Principal != nil {
			got = subjects[en.Principal.Subject]
		}
		e.violation.add("oracle 1: %s's message %s reached Q Business as %q", sender, nonce, got)
	}
	return 1
}

// checkConversation is oracle 4: a conversation id given to user was
// created by user's own turns.
func (e *soakEnv) checkConversation(f ledgerFacts, u sandbox.SoakUser, id, where string) {
	creators := f.creators[id]
	if len(creators) == 0 {
		e.violation.add("oracle 4: %s was given conversation %s (%s) that no turn of the run created", u.Username, id, where)
		return
	}
	for sub := range creators {
		if sub != u.Subject {
			e.violation.add("oracle 4: %s was given conversation %s (%s) created by subject %s", u.Username, id, where, sub)
		}
	}
}

// jwtPattern and samlPattern find tokens and assertions whatever their
// value: an ID, access or refresh token in JWT form, a SAML response.
var (
	jwtPattern  = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.`)
	samlPattern = regexp.MustCompile(`PHNhbWxwOlJlc3BvbnNl|PHNhbWwy|<saml[p2]?:Assertion`)
)

// checkLogs is oracle 5 (CRED-01's canary grep): no secret the run handed
// out or saw, no token and no canary is in the gateway's logs.
func (e *soakEnv) checkLogs() {
	logs := e.logs.String()
	for _, s := range e.secrets.list() {
		if i := strings.Index(logs, s); i >= 0 {
			line := logs[strings.LastIndexByte(logs[:i], '\n')+1:]
			if j := strings.IndexByte(line, '\n'); j >= 0 {
				line = line[:j]
			}
			e.violation.add("oracle 5: a secret is in the gateway's logs: %s", strings.ReplaceAll(line, s, "<SECRET>"))
		}
	}
	for _, re := range []*regexp.Regexp{jwtPattern, samlPattern, canaryPattern} {
		if m := re.FindString(logs); m != "" {
			e.violation.add("oracle 5: the gateway's logs hold %.12s…", m)
		}
	}
}
