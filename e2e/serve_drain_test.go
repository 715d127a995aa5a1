package e2e_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// A gateway told to stop (SIGTERM) while an answer streams lets that
// answer finish, done frame included, then exits 0.
func TestServeDrainsALiveStream(t *testing.T) {
	w := newReplicaWorld(t)
	mary, _ := w.sb.Info().User(scenario.Mary)
	a := w.startReplica("A")
	w.lb.to(t, a)
	b := newReplicaBrowser(t, w.lb.url)
	b.signInOIDC(mary)
	postJSON(t, w.sb.URL+"/sandbox/faults", `{"qbusiness":{"chunk_delay":"300ms"}}`)

	body, _ := json.Marshal(map[string]string{"message": "What is the ACME project status?"})
	req, err := http.NewRequest(http.MethodPost, w.lb.url+"/api/chat", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Origin", w.lb.url)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", b.csrf)
	resp, err := b.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("chat: %d", resp.StatusCode)
	}
	rd := bufio.NewReader(resp.Body)
	head, err := rd.ReadString('\n') // the first frame: the stream is live
	if err != nil || !strings.HasPrefix(head, "event: text") {
		t.Fatalf("first line %q, %v; want a text frame", head, err)
	}
	if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	rest, err := io.ReadAll(rd)
	if err != nil {
		t.Fatalf("the stream was cut by the stop: %v", err)
	}
	frames := gwParseSSE(head + string(rest))
	if len(frames) < 2 || frames[len(frames)-1].event != "done" {
		t.Fatalf("frames after SIGTERM %q, want the answer to end with done", frames)
	}
	if err := <-a.exited; err != nil {
		t.Errorf("after the drain: %v (want exit 0)\n%s", err, a.stderr)
	}
}
