package e2e_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"

	"github.com/qbiz/qbiz/internal/groupsync/scimtest"
	"github.com/qbiz/qbiz/internal/sandbox/faults"
)

const (
	syncMary  = "mary_major@example.com"
	syncMateo = "mateo_jackson@example.com"
)

// groupSyncWorld is a world whose oidc index holds one document only the
// group zephyr-team may read, and an administrator profile for qbiz admin.
type groupSyncWorld struct {
	*world
	creds map[string]aws.CredentialsProvider // signed-in users
	extra map[string]string
}

// newSyncAdminWorld is a world with a shared-credentials profile,
// sync-admin, holding the sandbox administrator's keys.
func newSyncAdminWorld(t *testing.T) *groupSyncWorld {
	w := &groupSyncWorld{world: newWorld(t), creds: map[string]aws.CredentialsProvider{}}
	credFile := filepath.Join(w.home, "admin-credentials")
	admin := w.info.AdminCredentials
	if err := os.WriteFile(credFile, []byte("[sync-admin]\naws_access_key_id = "+admin.AccessKeyID+"\naws_secret_access_key = "+admin.SecretAccessKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	w.extra = map[string]string{"AWS_SHARED_CREDENTIALS_FILE": credFile}
	return w
}

func newGroupSyncWorld(t *testing.T) *groupSyncWorld {
	w := newSyncAdminWorld(t)
	w.configure()
	app := w.app("oidc")
	q := qbusiness.NewFromConfig(w.sb.AdminConfig())
	acl := &qtypes.AccessConfiguration{AccessControls: []qtypes.AccessControl{{Principals: []qtypes.Principal{
		&qtypes.PrincipalMemberGroup{Value: qtypes.PrincipalGroup{Name: aws.String("zephyr-team"), Access: qtypes.ReadAccessTypeAllow}}}}}}
	_, err := q.BatchPutDocument(context.Background(), &qbusiness.BatchPutDocumentInput{ApplicationId: aws.String(app.ApplicationID), IndexId: aws.String(app.IndexID),
		Documents: []qtypes.Document{{Id: aws.String("zephyr-runbook"), Title: aws.String("Zephyr runbook"), ContentType: qtypes.ContentTypePlainText,
			Content: &qtypes.DocumentContentMemberBlob{Value: []byte("The Zephyr runbook: the zephyr failover drill runs every Tuesday.")}, AccessConfiguration: acl}}})
	if err != nil {
		t.Fatalf("put the zephyr document: %v", err)
	}
	for _, u := range []string{syncMary, syncMateo} {
		w.login("qbiz-sandbox-oidc", u)
		w.creds[u] = staticCreds(parseProcess(t, w.must(w.run(nil, "credentials", "--profile", "qbiz-sandbox-oidc"), "credentials").stdout))
		w.must(w.run(nil, "logout", "--profile", "qbiz-sandbox-oidc"), "logout")
	}
	return w
}

// sync runs qbiz admin groups sync against the oidc index.
func (w *groupSyncWorld) sync(extra map[string]string, from string, args ...string) result {
	app := w.app("oidc")
	env := map[string]string{}
	for k, v := range w.extra {
		env[k] = v
	}
	for k, v := range extra {
		env[k] = v
	}
	args = append([]string{"admin", "groups", "sync", "--application-id", app.ApplicationID, "--index-id", app.IndexID, "--from", from,
		"--aws-profile", "sync-admin", "--region", w.info.Region, "--endpoint-url", w.info.Endpoint}, args...)
	return w.runEnv(nil, env, args...)
}

// reads reports whether user's answer about zephyr cites the document.
func (w *groupSyncWorld) reads(user string) bool {
	w.t.Helper()
	_, titles := w.chat(w.creds[user], w.app("oidc").ApplicationID, "When does the zephyr failover drill run?")
	return strings.Contains(titles, "Zephyr runbook")
}

// TestGroupSync: from a file (nested groups), a dry run changes nothing,
// --apply lets the group's member read its document, a second run puts
// nothing; then from a SCIM service the member is swapped and the removed
// one can no longer read it.
func TestGroupSync(t *testing.T) {
	w := newGroupSyncWorld(t)
	if w.reads(syncMary) || w.reads(syncMateo) {
		t.Fatal("the zephyr document is readable before any sync")
	}
	file := filepath.Join(w.home, "groups.json")
	os.WriteFile(file, []byte(`{"groups": [{"name": "zephyr-team", "members": ["group:zephyr-leads"]}, {"name": "zephyr-leads", "members": ["`+syncMateo+`"]}]}`), 0o600)

	puts := w.ledgerCount("PutGroup")
	dry := w.must(w.sync(nil, "file:"+file), "dry run")
	if !strings.Contains(dry.stdout, "~ zephyr-team: put (new group)\n    + "+syncMateo) || !strings.Contains(dry.stdout, "Plan: 2 to put, 0 to delete, 0 unchanged.") {
		t.Errorf("dry run printed:\n%s", dry.stdout)
	}
	if w.ledgerCount("PutGroup") != puts {
		t.Fatal("a dry run called PutGroup")
	}

	out := w.must(w.sync(nil, "file:"+file, "--apply"), "apply from file")
	if !strings.Contains(out.stdout, "Applied: 2 put, 0 deleted, 0 unchanged.") || w.ledgerCount("PutGroup") != puts+2 {
		t.Errorf("apply printed %q after %d PutGroup calls", out.stdout, w.ledgerCount("PutGroup")-puts)
	}
	if !w.reads(syncMateo) || w.reads(syncMary) {
		t.Errorf("after the file sync: mateo reads %v (want true), mary reads %v (want false)", w.reads(syncMateo), w.reads(syncMary))
	}

	out = w.must(w.sync(nil, "file:"+file, "--apply"), "second apply")
	if !strings.Contains(out.stdout, "Nothing to change: 2 groups unchanged.") || w.ledgerCount("PutGroup") != puts+2 {
		t.Errorf("second apply printed %q and made %d PutGroup calls, want none", out.stdout, w.ledgerCount("PutGroup")-puts-2)
	}

	scim := &scimtest.Server{Token: "scim-e2e-token", PageSize: 1,
		Users:  []scimtest.User{{ID: "u-mary", UserName: "mary", Emails: []string{syncMary}}, {ID: "u-mateo", UserName: syncMateo}},
		Groups: []scimtest.Group{{ID: "g1", Name: "zephyr-team", Members: [][2]string{{"u-mary", "User"}}}, {ID: "g2", Name: "zephyr-leads", Members: [][2]string{{"u-mateo", "User"}}}}}
	srv := httptest.NewServer(scim)
	defer srv.Close()
	token := map[string]string{"QBIZ_SCIM_TOKEN": "scim-e2e-token"}
	out = w.must(w.sync(token, "scim:"+srv.URL+"/scim/v2", "--apply", "--output", "json"), "apply from SCIM")
	var got struct {
		Applied bool
		Counts  struct{ Put, Deleted, Unchanged int }
		Changes []struct {
			Group, Action  string
			Added, Removed []string
		}
	}
	if err := json.Unmarshal([]byte(out.stdout), &got); err != nil {
		t.Fatalf("--output json: %v\n%s", err, out.stdout)
	}
	if !got.Applied || got.Counts.Put != 1 || got.Counts.Unchanged != 1 || got.Changes[0].Group != "zephyr-leads" || got.Changes[1].Action != "put" ||
		strings.Join(got.Changes[1].Added, ",") != syncMary || strings.Join(got.Changes[1].Removed, ",") != syncMateo {
		t.Errorf("SCIM apply = %+v", got)
	}
	if !w.reads(syncMary) || w.reads(syncMateo) {
		t.Errorf("after the SCIM sync: mary reads %v (want true), mateo, removed, reads %v (want false)", w.reads(syncMary), w.reads(syncMateo))
	}
	if w.ledgerCount("PutGroup") != puts+3 {
		t.Errorf("PutGroup calls = %d, want 3", w.ledgerCount("PutGroup")-puts)
	}
}

// TestGroupSyncBadInput: an unknown source, an unreadable file and a
// refused SCIM token each fail with a message naming the problem, and
// change nothing.
func TestGroupSyncBadInput(t *testing.T) {
	w := newSyncAdminWorld(t)
	scim := httptest.NewServer(&scimtest.Server{Token: "right-token"})
	defer scim.Close()
	noRead := filepath.Join(w.home, "groups.d") // a directory: unreadable as a file, for root too
	if err := os.Mkdir(noRead, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, from string
		env        map[string]string
		code       int
		want       string
	}{
		{"unknown scheme", "ldap://idp.example.com", nil, 2, "unknown source: use file:PATH, scim:URL or okta:ORG_URL"},
		{"missing file", "file:" + filepath.Join(w.home, "nope.json"), nil, 1, "read groups file"},
		{"unreadable file", "file:" + noRead, nil, 1, "read groups file: read " + noRead + ": is a directory"},
		{"bad file line", "file:" + writeTemp(t, w.home, "bad.csv", "group,member\nzephyr-team,mary\n"), nil, 1, "line 2: group zephyr-team: member \"mary\" is not an email address"},
		{"SCIM 401", "scim:" + scim.URL, map[string]string{"QBIZ_SCIM_TOKEN": "wrong-token"}, 1, "401 Unauthorized: the service refused the token in QBIZ_SCIM_TOKEN"},
		{"SCIM no token", "scim:" + scim.URL, nil, 1, "no token: set QBIZ_SCIM_TOKEN"},
		{"refused credentials", "file:" + writeTemp(t, w.home, "ok.csv", "group,member\n"), map[string]string{"AWS_SHARED_CREDENTIALS_FILE": writeTemp(t, w.home, "bogus",
			"[sync-admin]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")}, 1, "hint: the administrator credentials were refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := &groupSyncWorld{world: w.with(t), extra: w.extra}
			puts := w.ledgerCount("PutGroup")
			r := w.sync(tc.env, tc.from, "--apply")
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, tc.code, tc.want)
			}
			if strings.Contains(r.stderr, "wrong-token") || strings.Contains(r.stderr, "panic") {
				t.Errorf("stderr shows the token or a panic: %s", r.stderr)
			}
			if w.ledgerCount("PutGroup") != puts {
				t.Error("a failed sync called PutGroup")
			}
		})
	}
}

func writeTemp(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestGroupSyncThrottled: a sync throttled three times in a row (more
// than the SDK's default three attempts) still completes: its client
// backs off and tries again.
func TestGroupSyncThrottled(t *testing.T) {
	w := newSyncAdminWorld(t)
	file := writeTemp(t, w.home, "groups.csv", "group,member\nzephyr-team,"+syncMary+"\n")
	w.sb.Faults.Set("qbusiness", faults.Rule{ThrottleNext: 3})
	out := w.sync(nil, "file:"+file, "--apply")
	if out.code != 0 || !strings.Contains(out.stdout, "Applied: 1 put, 0 deleted") {
		t.Errorf("throttled sync: exit %d\nstdout: %s\nstderr: %s", out.code, out.stdout, out.stderr)
	}
}

// TestGroupSyncUsage: missing flags, an id that is not a Q Business id
// and an unknown output format are usage errors (exit 2).
func TestGroupSyncUsage(t *testing.T) {
	w := newSyncAdminWorld(t)
	app := w.app("oidc")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"admin", "groups", "sync", "--from", "file:g.json"}, "missing --application-id, --index-id"},
		{[]string{"admin", "groups", "sync", "--application-id", "../../x", "--index-id", app.IndexID, "--from", "file:g.json"}, `application id "../../x" is not a Q Business id`},
		{[]string{"admin", "groups", "sync", "--application-id", app.ApplicationID, "--index-id", app.IndexID, "--from", "file:g.json", "--output", "yaml"}, `--output "yaml": want text or json`},
	} {
		r := w.runEnv(nil, w.extra, tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}
